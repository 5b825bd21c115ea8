package io.pgsafe.core.config;

/**
 * Writes {@code docs/configuration.md} from {@link PgSafeSetting}, so the documentation cannot drift from
 * the code: a test fails when the committed file differs from {@link #markdown()}. Returns text only;
 * writing the file is the caller's business (core does no I/O).
 */
public final class ConfigurationDocs {
    private ConfigurationDocs() {
    }

    /** The whole of {@code docs/configuration.md}. */
    public static String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("# Configuration\n\n")
                .append("<!-- Generated from io.pgsafe.core.config.PgSafeSetting; do not edit by hand. ")
                .append("ConfigurationDocsTest fails when this file is out of date and says how to refresh it. -->\n\n")
                .append("pgsafe reads its settings from these sources, each one overriding those before it:\n\n")
                .append("1. the defaults below;\n")
                .append("2. `pgsafe.properties` on the classpath;\n")
                .append("3. the properties file named by `pgsafe.config`;\n")
                .append("4. environment variables `PGSAFE_*`;\n")
                .append("5. system properties `pgsafe.*`;\n")
                .append("6. URL parameters `pgsafe.*`, e.g. `jdbc:pgsafe:postgresql://db/app?pgsafe.mode=warn`.\n\n")
                .append("An unknown `pgsafe.*` key or a bad value stops start-up with a message that names the key, ")
                .append("the value, the source it came from and what to write instead; a likely typo gets a ")
                .append("\"did you mean\". Keys that do not start with `pgsafe.` are ignored. An empty value unsets ")
                .append("a setting that is unset by default (and hands a rule back to its own default).\n\n")
                .append("## Settings\n\n")
                .append("| Key | Environment variable | Type | Default | Accepted values | Description |\n")
                .append("|---|---|---|---|---|---|\n");
        for (PgSafeSetting setting : PgSafeSetting.values()) {
            out.append("| `").append(setting.key())
                    .append("` | `").append(setting.envName())
                    .append("` | ").append(setting.type().typeName())
                    .append(" | ").append(defaultColumn(setting))
                    .append(" | ").append(setting.acceptedValues())
                    .append(" | ").append(setting.doc())
                    .append(" |\n");
        }
        out.append("\n## Value formats\n\n")
                .append("- **Durations** are written as PostgreSQL writes time settings: a number with `ms`, `s`, ")
                .append("`min`, `h` or `d` (`500ms`, `1.5s`, `10min`); a bare number is milliseconds and `0` ")
                .append("disables. Units are case-sensitive; negative values, fractions of a millisecond and ")
                .append("values above PostgreSQL's limit of 2147483647ms are refused.\n")
                .append("- **Sizes** are written as PostgreSQL writes memory settings: a number of bytes, or a ")
                .append("number with `B`, `kB`, `MB`, `GB` or `TB` (`10MB`; 1kB = 1024 bytes). Units are ")
                .append("case-sensitive.\n")
                .append("- **Booleans** are `true` or `false`; `on`/`off`, `yes`/`no` and `1`/`0` work too, ")
                .append("in any case, as in PostgreSQL.\n")
                .append("- **Versions** are a major version (`15`), major.minor (`14.2`, or `9.6.3` before 10) ")
                .append("or a `server_version_num` (`120000`).\n")
                .append("- **Modes and rule actions** are matched in any case (`PGSAFE_MODE=WARN` works).\n\n")
                .append("## Environment variables\n\n")
                .append("A key's variable is the key in upper case with `.` and `-` both turned into `_`: ")
                .append("`pgsafe.monitor.interval` is `PGSAFE_MONITOR_INTERVAL`, `pgsafe.lock-timeout` is ")
                .append("`PGSAFE_LOCK_TIMEOUT`. Going back, a name is looked up in the table above rather than ")
                .append("converted, since `_` could stand for either character; a name starting with ")
                .append("`PGSAFE_RULES_` sets a rule, whose id is the rest in lower case with `_` turned into ")
                .append("`-`: `PGSAFE_RULES_CREATE_INDEX_NOT_CONCURRENTLY=warn` sets ")
                .append("`pgsafe.rules.create-index-not-concurrently`. Other `PGSAFE_*` variables are not ")
                .append("settings and are ignored, unless the name is a near miss of a setting's ")
                .append("(`PGSAFE_LOCK_TIMOUT`): then start-up stops and asks whether you meant the setting.\n");
        return out.toString();
    }

    private static String defaultColumn(PgSafeSetting setting) {
        if (setting.isFamily()) {
            return "the rule's own";
        }
        return setting.defaultText().map(text -> "`" + text + "`").orElse("unset");
    }
}
