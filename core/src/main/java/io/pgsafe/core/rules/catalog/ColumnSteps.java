package io.pgsafe.core.rules.catalog;

import io.pgsafe.core.model.Identifiers;
import io.pgsafe.core.model.QualifiedName;

/** Safe step sequences shared by the column rules, with the user's names filled in. */
final class ColumnSteps {

    private ColumnSteps() {
    }

    static String column(String name) {
        return Identifiers.quoteIfNeeded(name);
    }

    /** Batched UPDATE outside the DDL transaction, so no batch holds row locks or the table lock for long. */
    static String backfill(QualifiedName table, String column, String value) {
        return "backfill existing rows in batches, each in its own short transaction outside the migration's DDL "
                + "transaction (e.g. UPDATE " + table.toSql() + " SET " + column(column) + " = " + value
                + " WHERE " + column(column) + " IS NULL AND <primary key> BETWEEN <from> AND <to>, repeated "
                + "until no row is left)";
    }

    /** NOT NULL without a long ACCESS EXCLUSIVE scan: CHECK NOT VALID, VALIDATE under a weak lock, then SET. */
    static String notNull(QualifiedName table, String column) {
        String t = table.toSql();
        String check = Identifiers.quoteIfNeeded(Identifiers.makeObjectName(table.name(), column, "not_null"));
        return "ALTER TABLE " + t + " ADD CONSTRAINT " + check + " CHECK (" + column(column)
                + " IS NOT NULL) NOT VALID; then in a later transaction ALTER TABLE " + t + " VALIDATE CONSTRAINT "
                + check + " (SHARE UPDATE EXCLUSIVE: reads and writes go on); then ALTER TABLE " + t
                + " ALTER COLUMN " + column(column) + " SET NOT NULL (12+: no scan, the validated CHECK proves it) "
                + "and ALTER TABLE " + t + " DROP CONSTRAINT " + check;
    }

    /** Expand, migrate, contract: the way to change what clients see without a moment where they break. */
    static String expandMigrateContract(QualifiedName table, String column, String newColumn, String type,
                                        String value) {
        String t = table.toSql();
        return "expand-migrate-contract: (1) ALTER TABLE " + t + " ADD COLUMN " + column(newColumn) + " " + type
                + "; (2) deploy code that writes both " + column(column) + " and " + column(newColumn)
                + " (or a trigger that copies each write); (3) " + backfill(table, newColumn, value)
                + "; (4) deploy code that reads " + column(newColumn) + "; (5) stop writing " + column(column)
                + ", deploy, then ALTER TABLE " + t + " DROP COLUMN " + column(column);
    }
}
