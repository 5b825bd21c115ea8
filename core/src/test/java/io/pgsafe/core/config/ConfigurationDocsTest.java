package io.pgsafe.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** docs/configuration.md is generated from PgSafeSetting; this test keeps the committed copy current. */
class ConfigurationDocsTest {
    private static final Path MODULE = Path.of(System.getProperty("basedir", "."));
    private static final Path COMMITTED = MODULE.resolve("../docs/configuration.md").normalize();
    private static final Path GENERATED = MODULE.resolve("target/configuration.md");

    @Test
    void committedDocsMatchTheSettings() throws IOException {
        String expected = ConfigurationDocs.markdown();
        String committed = Files.exists(COMMITTED) ? Files.readString(COMMITTED, StandardCharsets.UTF_8) : "";
        if (!committed.equals(expected)) {
            Files.createDirectories(GENERATED.getParent());
            Files.writeString(GENERATED, expected, StandardCharsets.UTF_8);
        }

        assertThat(committed)
                .as("docs/configuration.md is out of date with PgSafeSetting: the current version is in %s; "
                        + "copy it to %s and commit it", GENERATED, COMMITTED)
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(PgSafeSetting.class)
    void everySettingHasARow(PgSafeSetting setting) {
        assertThat(ConfigurationDocs.markdown()).contains("| `" + setting.key() + "` | `" + setting.envName() + "` |");
    }
}
