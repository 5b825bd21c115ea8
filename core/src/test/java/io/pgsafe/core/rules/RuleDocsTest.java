package io.pgsafe.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/rules/README.md is generated from the catalog, and every rule has its page. */
class RuleDocsTest {
    private static final Path MODULE = Path.of(System.getProperty("basedir", "."));
    private static final Path RULES = MODULE.resolve("../docs/rules").normalize();
    private static final Path GENERATED = MODULE.resolve("target/rules-README.md");

    @Test
    void committed_rule_table_matches_the_catalog() throws IOException {
        String expected = RuleDocs.markdown();
        Path committed = RULES.resolve("README.md");
        String actual = Files.exists(committed) ? Files.readString(committed, StandardCharsets.UTF_8) : "";
        if (!actual.equals(expected)) {
            Files.createDirectories(GENERATED.getParent());
            Files.writeString(GENERATED, expected, StandardCharsets.UTF_8);
        }
        assertThat(actual).as("docs/rules/README.md is out of date: copy %s over it", GENERATED).isEqualTo(expected);
    }

    @Test
    void every_rule_has_a_page_naming_its_id_and_how_to_allow_it() throws IOException {
        for (Rule rule : RuleCatalog.all()) {
            Path page = RULES.resolve(rule.id() + ".md");
            assertThat(page).as("docs/rules/%s.md", rule.id()).exists();
            assertThat(Files.readString(page)).contains(rule.id()).contains("pgsafe:allow");
        }
    }

    @Test
    void rule_ids_are_unique() {
        assertThat(RuleCatalog.ids()).hasSize(RuleCatalog.all().size());
    }
}
