package io.pgsafe.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafe.core.config.PgSafeSetting;
import io.pgsafe.core.config.SettingType;
import io.pgsafe.core.rules.RuleCatalog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code META-INF/additional-spring-configuration-metadata.json} (IDE completion for {@code pgsafe.*} in
 * application.properties/YAML) equal to what {@link PgSafeSetting} and {@link RuleCatalog} say. Refresh with
 * {@code ./mvnw -B -o -q verify -pl integrations/spring-boot-starter -am -Dtest=ConfigurationMetadataTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dpgsafe-test.refresh=true}.
 */
class ConfigurationMetadataTest {
    private static final Path FILE = Path.of("src/main/resources/META-INF/additional-spring-configuration-metadata.json");

    @Test
    void metadataIsCurrent() throws Exception {
        String expected = generate();
        if (Boolean.getBoolean("pgsafe-test.refresh")) {
            Files.writeString(FILE, expected, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(FILE, StandardCharsets.UTF_8))
                .as("%s is out of date; refresh it as this test's javadoc says", FILE)
                .isEqualTo(expected);
    }

    static String generate() {
        List<String> properties = new ArrayList<>();
        List<String> hints = new ArrayList<>();
        for (PgSafeSetting setting : PgSafeSetting.values()) {
            if (setting.isFamily()) {
                properties.add(entry("pgsafe.rules", "java.util.Map<java.lang.String,java.lang.String>",
                        setting.doc() + " (" + setting.acceptedValues() + ")", null));
                List<String> keys = new ArrayList<>();
                for (String id : RuleCatalog.ids()) {
                    keys.add("        {\"value\": " + quote(id) + "}");
                }
                hints.add("    {\n      \"name\": \"pgsafe.rules.keys\",\n      \"values\": [\n"
                        + String.join(",\n", keys) + "\n      ]\n    }");
                hints.add(valuesHint("pgsafe.rules.values", List.of("block", "rewrite", "warn", "off")));
                continue;
            }
            properties.add(entry(setting.key(), javaType(setting.type()),
                    setting.doc() + " (" + setting.acceptedValues() + ")", setting.defaultText().orElse(null)));
            if (setting.type() == SettingType.MODE) {
                hints.add(valuesHint(setting.key(), List.of("enforce", "warn", "off")));
            }
        }
        return "{\n  \"properties\": [\n" + String.join(",\n", properties) + "\n  ],\n  \"hints\": [\n"
                + String.join(",\n", hints) + "\n  ]\n}\n";
    }

    private static String javaType(SettingType type) {
        return switch (type) {
            case BOOLEAN -> "java.lang.Boolean";
            case NON_NEGATIVE_INT -> "java.lang.Integer";
            case NON_NEGATIVE_LONG -> "java.lang.Long";
            default -> "java.lang.String";
        };
    }

    private static String entry(String name, String type, String description, String defaultValue) {
        return "    {\n      \"name\": " + quote(name) + ",\n      \"type\": " + quote(type) + ",\n      \"description\": "
                + quote(description) + (defaultValue == null ? "" : ",\n      \"defaultValue\": " + quote(defaultValue))
                + "\n    }";
    }

    private static String valuesHint(String name, List<String> values) {
        List<String> entries = new ArrayList<>();
        for (String value : values) {
            entries.add("        {\"value\": " + quote(value) + "}");
        }
        return "    {\n      \"name\": " + quote(name) + ",\n      \"values\": [\n" + String.join(",\n", entries)
                + "\n      ]\n    }";
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
