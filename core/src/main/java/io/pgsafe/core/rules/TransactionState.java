package io.pgsafe.core.rules;

import io.pgsafe.core.model.AlterTableAction;
import io.pgsafe.core.model.ConstraintKind;
import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.model.ParsedStatement;
import io.pgsafe.core.model.QualifiedName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the current transaction (or, for {@code pgsafe check}, the current file) has done so far that
 * changes the judgement of later statements. Mutable and owned by one connection or one file: not
 * thread-safe, as a JDBC connection is used by one thread at a time.
 */
public final class TransactionState {

    /** Created relations by name, each with the schemas it was created in (null: unqualified). */
    private final Map<String, List<String>> createdTables = new HashMap<>();
    private final Set<String> notValidConstraints = new HashSet<>();
    private final Set<String> validatedConstraints = new HashSet<>();
    private final Map<QualifiedName, LockMode> strongLocks = new LinkedHashMap<>();
    /** Parameters set with plain SET: they outlive COMMIT, so for a file they hold to its end. */
    private final Set<String> sessionParameters = new HashSet<>();
    /** Parameters set with SET LOCAL: they end with the transaction. */
    private final Set<String> localParameters = new HashSet<>();

    /** Records a statement that ran (or, in a file, that will have run) in this transaction. */
    public void observe(ParsedStatement statement, LockMode lock, QualifiedName table) {
        if (statement instanceof ParsedStatement.SetParameter set) {
            setParameter(set.parameter(), set.value(), set.local());
        }
        if (statement instanceof ParsedStatement.CreateTable create) {
            created(create.table());
        }
        if (statement instanceof ParsedStatement.CreateMaterializedView create) {
            created(create.view());
        }
        if (statement instanceof ParsedStatement.AlterTable alter && createdTable(alter.table())) {
            // a table created here and renamed (the "build, then swap in" pattern) is still new
            for (AlterTableAction action : alter.actions()) {
                if (action instanceof AlterTableAction.RenameTable rename && rename.to() != null) {
                    created(new QualifiedName(alter.table().schema(), rename.to()));
                }
            }
        }
        if (statement instanceof ParsedStatement.AlterTable alter) {
            for (AlterTableAction action : alter.actions()) {
                if (action instanceof AlterTableAction.AddConstraint add && add.notValid() && add.name() != null) {
                    notValidConstraints.add(key(alter.table(), add.name()));
                }
                if (action instanceof AlterTableAction.ValidateConstraint validate) {
                    validatedConstraints.add(key(alter.table(), validate.name()));
                }
                if (action instanceof AlterTableAction.AddConstraint add && add.kind() == ConstraintKind.CHECK
                        && !add.notValid() && add.name() != null) {
                    validatedConstraints.add(key(alter.table(), add.name()));
                }
            }
        }
        if (table != null && lock.isAtLeast(LockMode.SHARE) && !createdTable(table)) {
            strongLocks.merge(table, lock, LockMode::stronger);
        }
    }

    private void created(QualifiedName table) {
        createdTables.computeIfAbsent(table.name(), name -> new ArrayList<>(1)).add(table.schema());
    }

    /** Same matching as {@link QualifiedName#matches}: an unqualified name on either side matches any schema. */
    public boolean createdTable(QualifiedName table) {
        List<String> schemas = createdTables.get(table.name());
        if (schemas == null) {
            return false;
        }
        for (String schema : schemas) {
            if (schema == null || table.schema() == null || schema.equals(table.schema())) {
                return true;
            }
        }
        return false;
    }

    /** A constraint added NOT VALID earlier in this transaction. */
    public boolean addedNotValid(QualifiedName table, String constraint) {
        return notValidConstraints.contains(key(table, constraint));
    }

    /** A constraint validated (or added valid) earlier in this transaction. */
    public boolean validated(QualifiedName table, String constraint) {
        return validatedConstraints.contains(key(table, constraint));
    }

    /** Tables on which this transaction holds SHARE or stronger, with the strongest mode held. */
    public Map<QualifiedName, LockMode> strongLocks() {
        return Map.copyOf(strongLocks);
    }

    public boolean holdsStrongLock() {
        return !strongLocks.isEmpty();
    }

    /**
     * Records {@code SET [LOCAL] name = value}. A value of 0 or DEFAULT turns a timeout off (or back to the
     * server's value), so it does not count as set.
     */
    public void setParameter(String name, String value, boolean local) {
        boolean off = value == null || value.isBlank() || value.strip().equals("0")
                || value.strip().equalsIgnoreCase("default");
        Set<String> scope = local ? localParameters : sessionParameters;
        if (off) {
            scope.remove(name);
        } else {
            scope.add(name);
        }
    }

    /** Whether this session (or file) has set {@code name} to a value of its own, and it is still in force. */
    public boolean hasSetParameter(String name) {
        return sessionParameters.contains(name) || localParameters.contains(name);
    }

    /** COMMIT or ROLLBACK: everything above ends with the transaction (parameters set without LOCAL stay). */
    public void reset() {
        endTransaction();
        createdTables.clear();
        validatedConstraints.clear();
    }

    /**
     * The end of one transaction inside a migration file: locks, SET LOCAL values and the NOT VALID
     * constraints of that transaction end, while the tables the file created stay new for the rest of the
     * file (nobody uses them before the deploy that ships the file) and validated constraints stay valid.
     */
    public void endTransaction() {
        localParameters.clear();
        notValidConstraints.clear();
        strongLocks.clear();
    }

    private static String key(QualifiedName table, String constraint) {
        return table.name() + "\u0000" + constraint;
    }
}
