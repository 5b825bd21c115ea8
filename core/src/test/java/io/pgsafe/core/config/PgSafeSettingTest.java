package io.pgsafe.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PgSafeSettingTest {

    @ParameterizedTest
    @EnumSource(PgSafeSetting.class)
    void everyKeyStartsWithThePgsafePrefix(PgSafeSetting setting) {
        assertThat(setting.key()).startsWith(PgSafeSetting.PREFIX);
    }

    @Test
    void noTwoSettingsShareAKey() {
        assertThat(Arrays.stream(PgSafeSetting.values()).map(PgSafeSetting::key)).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @EnumSource(PgSafeSetting.class)
    void everySettingHasAOneLineDoc(PgSafeSetting setting) {
        assertThat(setting.doc()).isNotBlank().doesNotContain("\n").doesNotContain("|");
    }

    @ParameterizedTest
    @EnumSource(PgSafeSetting.class)
    void everyDefaultParsesAndPrintsBackTheSame(PgSafeSetting setting) {
        setting.defaultText().ifPresent(text -> assertThat(setting.format(setting.defaultValue())).isEqualTo(text));
    }

    @ParameterizedTest
    @EnumSource(value = PgSafeSetting.class, names = "RULES", mode = EnumSource.Mode.EXCLUDE)
    void everySettingIsFoundByItsKey(PgSafeSetting setting) {
        assertThat(PgSafeSetting.forKey(setting.key())).hasValue(setting);
    }

    @Test
    void rulesFamilyIsNotASingleKey() {
        assertThat(PgSafeSetting.RULES.isFamily()).isTrue();
        assertThat(PgSafeSetting.forKey("pgsafe.rules.<rule-id>")).isEmpty();
        assertThat(PgSafeSetting.RULES.key()).startsWith(PgSafeSetting.RULES_PREFIX);
    }

    @Test
    void ruleKeyPutsTheIdAfterTheRulesPrefix() {
        assertThat(PgSafeSetting.ruleKey("drop-table")).isEqualTo("pgsafe.rules.drop-table");
    }

    @Test
    void rulesFamilyEnvironmentNameIsAPattern() {
        assertThat(PgSafeSetting.RULES.envName()).isEqualTo("PGSAFE_RULES_<RULE_ID>");
    }
}
