package io.pgsafe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgsafe.core.rules.Rule;
import io.pgsafe.core.rules.Severity;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** The output formats of {@code pgsafe check}. */
final class Reporters {

    enum Format { TEXT, JSON, SARIF, GITHUB }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Reporters() {
    }

    static void write(Format format, CheckResult result, List<Rule> rules, PrintStream out) {
        switch (format) {
            case TEXT -> text(result, out);
            case JSON -> out.println(json(result));
            case SARIF -> out.println(Sarif.log(result, rules, JSON));
            case GITHUB -> github(result, out);
        }
    }

    /** Like a compiler: {@code path:line:col: severity rule-id: message}, then the fix indented. */
    static void text(CheckResult result, PrintStream out) {
        for (CheckResult.FileResult file : result.files()) {
            for (CheckResult.StatementResult statement : file.statements()) {
                for (CheckResult.Issue issue : statement.findings()) {
                    out.printf("%s:%d:%d: %s %s: %s%n", file.path(), statement.line(), statement.column(),
                            issue.severity().label(), issue.rule(), issue.message());
                    out.printf("    fix: %s%n", issue.fix());
                }
            }
        }
        out.printf("%d finding%s in %d file%s%n", result.count(), result.count() == 1 ? "" : "s",
                result.files().size(), result.files().size() == 1 ? "" : "s");
    }

    static String json(CheckResult result) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode files = root.putArray("files");
        for (CheckResult.FileResult file : result.files()) {
            ObjectNode f = files.addObject();
            f.put("path", file.path());
            ArrayNode statements = f.putArray("statements");
            for (CheckResult.StatementResult statement : file.statements()) {
                ObjectNode s = statements.addObject();
                s.put("line", statement.line());
                s.put("column", statement.column());
                s.put("text", statement.text());
                s.put("inTransaction", statement.inTransaction());
                ArrayNode findings = s.putArray("findings");
                for (CheckResult.Issue issue : statement.findings()) {
                    findings.addObject().put("rule", issue.rule()).put("severity", issue.severity().label())
                            .put("message", issue.message()).put("fix", issue.fix());
                }
            }
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** GitHub Actions workflow commands: each finding becomes an annotation on its line. */
    static void github(CheckResult result, PrintStream out) {
        for (CheckResult.FileResult file : result.files()) {
            for (CheckResult.StatementResult statement : file.statements()) {
                for (CheckResult.Issue issue : statement.findings()) {
                    String level = issue.severity() == Severity.ERROR ? "error"
                            : issue.severity() == Severity.WARNING ? "warning" : "notice";
                    out.printf("::%s file=%s,line=%d,col=%d,title=%s::%s%n", level, escapeProperty(file.path()),
                            statement.line(), statement.column(), escapeProperty("pgsafe " + issue.rule()),
                            escapeData(issue.message() + ". Fix: " + issue.fix()));
                }
            }
        }
    }

    private static String escapeData(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    private static String escapeProperty(String s) {
        return escapeData(s).replace(":", "%3A").replace(",", "%2C");
    }

    static Format parseFormat(String text) {
        return Format.valueOf(text.toUpperCase(Locale.ROOT));
    }
}
