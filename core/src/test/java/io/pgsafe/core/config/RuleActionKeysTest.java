package io.pgsafe.core.config;

import static io.pgsafe.core.config.Configs.fromUrl;
import static io.pgsafe.core.config.Configs.layered;
import static io.pgsafe.core.config.Configs.url;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleActionKeysTest {

    @ParameterizedTest
    @CsvSource({"block, BLOCK", "rewrite, REWRITE", "warn, WARN", "off, OFF", "Block, BLOCK", "OFF, OFF"})
    void ruleKeySetsThatRulesAction(String text, RuleAction action) {
        assertThat(fromUrl("pgsafe.rules.drop-table", text).ruleAction("drop-table")).hasValue(action);
    }

    @Test
    void otherRulesKeepTheirOwnDefault() {
        assertThat(fromUrl("pgsafe.rules.drop-table", "off").ruleAction("truncate")).isEmpty();
    }

    @Test
    void ruleActionsListsEveryOverrideByRuleId() {
        PgSafeConfig config = layered(url(Map.of("pgsafe.rules.truncate", "warn", "pgsafe.rules.drop-table", "off")));

        assertThat(config.ruleActions()).containsExactly(
                Map.entry("drop-table", RuleAction.OFF), Map.entry("truncate", RuleAction.WARN));
    }

    @Test
    void emptyValueHandsTheRuleBackToItsDefault() {
        PgSafeConfig config = layered(
                new ConfigSource("system properties", Map.of("pgsafe.rules.drop-table", "off")),
                url(Map.of("pgsafe.rules.drop-table", "")));

        assertThat(config.ruleAction("drop-table")).isEmpty();
        assertThat(config.origin("pgsafe.rules.drop-table")).isEmpty();
    }

    @Test
    void unknownRuleIdFailsListingTheKnownIds() {
        PgSafeConfigException failure = Configs.failureFromUrl("pgsafe.rules.add-column", "off");

        assertThat(failure).hasMessage("pgsafe.rules.add-column=off (from URL parameters) is not a known rule: "
                + "the known rules are create-index-not-concurrently, drop-table, truncate");
    }

    @Test
    void mistypedRuleIdFailsWithTheNearestRule() {
        PgSafeConfigException failure = Configs.failureFromUrl("pgsafe.rules.drop-tabel", "off");

        assertThat(failure).hasMessage("pgsafe.rules.drop-tabel=off (from URL parameters) is not a known rule: "
                + "did you mean pgsafe.rules.drop-table? "
                + "The known rules are create-index-not-concurrently, drop-table, truncate");
    }

    @Test
    void ruleKeyFailsWhenNoRulesAreKnown() {
        PgSafeConfigException failure = catchThrowableOfType(PgSafeConfigException.class, () -> PgSafeConfig.layered(
                List.of(url(Map.of("pgsafe.rules.drop-table", "off"))), Set.of()));

        assertThat(failure).hasMessage("pgsafe.rules.drop-table=off (from URL parameters) is not a known rule: "
                + "no rules are known");
    }

    @Test
    void badActionFailsWithTheAcceptedActions() {
        PgSafeConfigException failure = Configs.failureFromUrl("pgsafe.rules.drop-table", "allow");

        assertThat(failure).hasMessage("pgsafe.rules.drop-table=allow (from URL parameters) is not a rule action: "
                + "use block, rewrite, warn or off");
    }
}
