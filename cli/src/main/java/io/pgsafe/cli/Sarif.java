package io.pgsafe.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgsafe.core.rules.Rule;
import io.pgsafe.core.rules.Severity;
import java.util.List;

/** SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html): one run, one result per finding. */
final class Sarif {

    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    private Sarif() {
    }

    static String log(CheckResult result, List<Rule> rules, ObjectMapper json) {
        ObjectNode root = json.createObjectNode();
        root.put("$schema", SCHEMA);
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "pgsafe");
        ArrayNode ruleArray = driver.putArray("rules");
        for (Rule rule : rules) {
            ObjectNode r = ruleArray.addObject();
            r.put("id", rule.id());
            r.putObject("shortDescription").put("text", rule.id() + " (" + rule.info().lock().sqlName() + ")");
            r.putObject("help").put("text", "See docs/rules/" + rule.id() + ".md for the lock, why it hurts, "
                    + "the safe steps and how to allow it.");
            r.putObject("defaultConfiguration").put("level", level(rule.info().severity()));
        }
        ArrayNode results = run.putArray("results");
        for (CheckResult.FileResult file : result.files()) {
            for (CheckResult.StatementResult statement : file.statements()) {
                for (CheckResult.Issue issue : statement.findings()) {
                    ObjectNode r = results.addObject();
                    r.put("ruleId", issue.rule());
                    r.put("level", level(issue.severity()));
                    r.putObject("message").put("text", issue.message() + ". Fix: " + issue.fix());
                    ObjectNode location = r.putArray("locations").addObject().putObject("physicalLocation");
                    location.putObject("artifactLocation").put("uri", file.path().replace('\\', '/'));
                    location.putObject("region").put("startLine", statement.line())
                            .put("startColumn", statement.column());
                }
            }
        }
        try {
            return json.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String level(Severity severity) {
        return switch (severity) {
            case ERROR -> "error";
            case WARNING -> "warning";
            case INFO -> "note";
        };
    }
}
