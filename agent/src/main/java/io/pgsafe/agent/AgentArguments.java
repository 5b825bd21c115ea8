package io.pgsafe.agent;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code -javaagent:pgsafe-agent.jar=key=value,key=value}: the keys of DESIGN section 4, with or without the
 * {@code pgsafe.} prefix ({@code mode=warn} is {@code pgsafe.mode=warn}). A value cannot hold a comma.
 */
final class AgentArguments {
    private AgentArguments() {
    }

    static Map<String, String> parse(String arguments) {
        Map<String, String> values = new LinkedHashMap<>();
        if (arguments == null || arguments.isBlank()) {
            return values;
        }
        for (String pair : arguments.split(",")) {
            String trimmed = pair.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("pgsafe agent: argument '" + trimmed
                        + "' is not key=value (expected e.g. -javaagent:pgsafe-agent.jar=pgsafe.mode=warn,"
                        + "pgsafe.lock-timeout=1s)");
            }
            String key = trimmed.substring(0, eq).strip();
            if (!key.startsWith("pgsafe.")) {
                key = "pgsafe." + key;
            }
            values.put(key, trimmed.substring(eq + 1).strip());
        }
        return values;
    }

    /**
     * Mode off in the agent arguments or a system property: decided before any pgsafe engine or ASM class loads,
     * so {@code off} costs nothing. (Off from a file or the environment is seen a moment later, still before any
     * instrumentation.)
     */
    static boolean modeOffBeforeLoading(String arguments) {
        String mode = null;
        try {
            mode = parse(arguments).get("pgsafe.mode");
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (mode == null) {
            mode = System.getProperty("pgsafe.mode");
        }
        return mode != null && mode.strip().toLowerCase(Locale.ROOT).equals("off");
    }
}
