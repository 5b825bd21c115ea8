package io.pgsafe.core.config;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Applies sources one over another, later winning, and remembers which source each effective value came
 * from. Every {@code pgsafe.*} entry of every source is checked, also one that a later source overrides:
 * a mistake fails at start-up wherever it is, not only once the overriding source goes away.
 */
final class ConfigLayers {
    final Map<PgSafeSetting, Object> values = new EnumMap<>(PgSafeSetting.class);
    final Map<PgSafeSetting, String> origins = new EnumMap<>(PgSafeSetting.class);
    final Map<String, RuleAction> ruleActions = new TreeMap<>();
    final Map<String, String> ruleOrigins = new TreeMap<>();
    private final Set<String> knownRuleIds;

    ConfigLayers(Set<String> knownRuleIds) {
        this.knownRuleIds = new TreeSet<>(knownRuleIds);
        for (PgSafeSetting setting : PgSafeSetting.values()) {
            if (!setting.isFamily()) {
                values.put(setting, setting.defaultValue());
                origins.put(setting, PgSafeConfig.DEFAULT_ORIGIN);
            }
        }
    }

    void apply(ConfigSource source) {
        source.values().forEach((key, value) -> {
            if (!key.startsWith(PgSafeSetting.PREFIX)) {
                return;
            }
            if (key.startsWith(PgSafeSetting.RULES_PREFIX)) {
                applyRule(key, value, source.name());
                return;
            }
            PgSafeSetting setting = PgSafeSetting.forKey(key).orElseThrow(() -> PgSafeConfigException.unknownKey(
                    key, value, source.name(), NearestName.among(key, candidateKeys()), knownKeys()));
            values.put(setting, parse(setting, key, value, source.name()));
            origins.put(setting, source.name());
        });
    }

    private void applyRule(String key, String value, String sourceName) {
        String ruleId = key.substring(PgSafeSetting.RULES_PREFIX.length());
        if (!knownRuleIds.contains(ruleId)) {
            throw PgSafeConfigException.unknownRule(key, value, sourceName,
                    NearestName.among(key, candidateKeys()), String.join(", ", knownRuleIds));
        }
        RuleAction action = (RuleAction) parse(PgSafeSetting.RULES, key, value, sourceName);
        if (action == null) {
            // An empty value hands the rule back to its own default action.
            ruleActions.remove(ruleId);
            ruleOrigins.remove(ruleId);
        } else {
            ruleActions.put(ruleId, action);
            ruleOrigins.put(ruleId, sourceName);
        }
    }

    /**
     * An empty value unsets a setting that may be unset (so a later source can switch off the
     * small-table exemption an earlier one switched on); for any other setting it is a mistake.
     */
    private static Object parse(PgSafeSetting setting, String key, String value, String sourceName) {
        if (value.isBlank()) {
            if (setting.defaultText().isEmpty()) {
                return null;
            }
            throw PgSafeConfigException.badValue(key, value, sourceName, "is empty", setting.type().hint());
        }
        try {
            return setting.type().parse(value);
        } catch (RejectedValue rejected) {
            throw PgSafeConfigException.badValue(key, value, sourceName, rejected.problem(), setting.type().hint());
        }
    }

    /** Every key a typo could have meant: the settings and each known rule's key. */
    private List<String> candidateKeys() {
        List<String> keys = new ArrayList<>();
        for (PgSafeSetting setting : PgSafeSetting.values()) {
            if (!setting.isFamily()) {
                keys.add(setting.key());
            }
        }
        knownRuleIds.forEach(id -> keys.add(PgSafeSetting.ruleKey(id)));
        return keys;
    }

    private static String knownKeys() {
        StringJoiner keys = new StringJoiner(", ");
        for (PgSafeSetting setting : PgSafeSetting.values()) {
            keys.add(setting.key());
        }
        return keys.toString();
    }
}
