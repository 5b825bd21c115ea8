package io.pgsafe.testsupport;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseNamesTest {

    @Test
    void derivesReadableUniqueNamesFromTestClasses() {
        String name = DatabaseNames.forClass(Inner.class);

        assertThat(name).matches("pgsafe_databasenamestest_inner_[a-z0-9]{8}");
        assertThat(DatabaseNames.forClass(Inner.class)).isNotEqualTo(name);
    }

    @Test
    void sanitizesToUnquotedIdentifiers() {
        assertThat(DatabaseNames.sanitize("Ünïcode Test-Case$1")).isEqualTo("n_code_test_case_1");
        assertThat(DatabaseNames.sanitize("$$$")).isEqualTo("db");
        assertThat(DatabaseNames.sanitize(null)).isEqualTo("db");
        assertThat(DatabaseNames.sanitize("A".repeat(100))).hasSize(DatabaseNames.MAX_HINT_LENGTH);
        assertThat(DatabaseNames.unique("x".repeat(200)).length()).isLessThanOrEqualTo(63);
    }

    static class Inner {
    }
}
