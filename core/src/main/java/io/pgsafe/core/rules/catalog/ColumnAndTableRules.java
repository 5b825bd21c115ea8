package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.rules.Rule;
import java.util.List;

/** Columns, whole tables and data changes. */
public final class ColumnAndTableRules {

    public static final List<Rule> RULES = List.of(
);

    private ColumnAndTableRules() {
    }
}
