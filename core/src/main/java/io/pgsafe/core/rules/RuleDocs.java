package io.pgsafe.core.rules;


/** docs/rules/README.md: the rule table, generated from the catalog so the docs never drift from the code. */
public final class RuleDocs {

    private RuleDocs() {
    }

    public static String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("# Rules\n\n")
                .append("Generated from the rule catalog (`RuleCatalog`); `RuleDocsTest` keeps this file current.\n")
                .append("Each rule has its own page: the lock, why it hurts, the safe steps, the rewrite and how to\n")
                .append("allow it (`-- pgsafe:allow <rule-id> <reason>`). Configure any rule with\n")
                .append("`pgsafe.rules.<rule-id>=block|rewrite|warn|off`.\n\n")
                .append("| rule | lock it takes | what it does to the table | versions | default | runtime |\n")
                .append("|---|---|---|---|---|---|\n");
        for (Rule rule : RuleCatalog.all()) {
            RuleInfo info = rule.info();
            out.append("| [`").append(info.id()).append("`](").append(info.id()).append(".md) | ")
                    .append(info.lock() == io.pgsafe.core.model.LockMode.NONE ? "—" : info.lock().sqlName())
                    .append(" | ").append(impact(info.impact())).append(" | ").append(info.versions().describe())
                    .append(" | ").append(info.defaultAction().configValue()).append(" | ")
                    .append(info.lintOnly() ? "lint only (`pgsafe check`)" : "enforced").append(" |\n");
        }
        return out.toString();
    }

    private static String impact(TableImpact impact) {
        return switch (impact) {
            case NONE -> "catalog only";
            case SCAN -> "reads every row";
            case REWRITE -> "rewrites it";
            case BREAKS_CLIENTS -> "breaks clients";
        };
    }
}
