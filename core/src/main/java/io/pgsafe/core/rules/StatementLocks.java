package io.pgsafe.core.rules;

import io.pgsafe.core.model.AlterTableAction;
import io.pgsafe.core.model.ConstraintKind;
import io.pgsafe.core.model.LockMode;
import io.pgsafe.core.model.ParsedStatement;
import io.pgsafe.core.model.QualifiedName;
import java.util.Set;

/**
 * The lock each statement takes on its main table, from PostgreSQL's documentation of each command
 * (<a href="https://www.postgresql.org/docs/current/sql-altertable.html">ALTER TABLE</a> lists one per
 * sub-command; the statement takes the strongest of its actions), and whether it is long by design under a
 * weak lock — the two facts that choose its timeouts.
 */
public final class StatementLocks {

    /**
     * The kinds of statement {@link #lockOf} can give SHARE or a stronger lock, the ones that make writers
     * wait; every other kind takes ROW EXCLUSIVE at most.
     */
    public static final Set<Class<? extends ParsedStatement>> MAY_LOCK_STRONGLY = Set.of(
            ParsedStatement.CreateIndex.class, ParsedStatement.DropIndex.class, ParsedStatement.Reindex.class,
            ParsedStatement.AlterTable.class, ParsedStatement.Drop.class, ParsedStatement.Truncate.class,
            ParsedStatement.Cluster.class, ParsedStatement.Vacuum.class, ParsedStatement.LockTable.class,
            ParsedStatement.RefreshMaterializedView.class, ParsedStatement.CreateTrigger.class);

    private StatementLocks() {
    }

    public static LockMode lockOf(ParsedStatement statement, int serverVersionNum) {
        if (statement instanceof ParsedStatement.CreateIndex create) {
            return create.concurrently() ? LockMode.SHARE_UPDATE_EXCLUSIVE : LockMode.SHARE;
        }
        if (statement instanceof ParsedStatement.DropIndex drop) {
            return drop.concurrently() ? LockMode.SHARE_UPDATE_EXCLUSIVE : LockMode.ACCESS_EXCLUSIVE;
        }
        if (statement instanceof ParsedStatement.Reindex reindex) {
            return reindex.concurrently() ? LockMode.SHARE_UPDATE_EXCLUSIVE : LockMode.ACCESS_EXCLUSIVE;
        }
        if (statement instanceof ParsedStatement.AlterTable alter) {
            LockMode strongest = LockMode.NONE;
            for (int i = 0; i < alter.actions().size(); i++) {
                strongest = LockMode.stronger(strongest, lockOf(alter.actions().get(i), serverVersionNum));
            }
            return strongest;
        }
        if (statement instanceof ParsedStatement.Drop drop) {
            return switch (drop.objectType()) {
                case "TABLE", "MATERIALIZED VIEW", "VIEW", "FOREIGN TABLE" -> LockMode.ACCESS_EXCLUSIVE;
                default -> LockMode.NONE;
            };
        }
        if (statement instanceof ParsedStatement.Truncate || statement instanceof ParsedStatement.Cluster) {
            return LockMode.ACCESS_EXCLUSIVE;
        }
        if (statement instanceof ParsedStatement.Vacuum vacuum) {
            return vacuum.full() ? LockMode.ACCESS_EXCLUSIVE : LockMode.SHARE_UPDATE_EXCLUSIVE;
        }
        if (statement instanceof ParsedStatement.LockTable lock) {
            return lock.mode();
        }
        if (statement instanceof ParsedStatement.RefreshMaterializedView refresh) {
            return refresh.concurrently() ? LockMode.EXCLUSIVE : LockMode.ACCESS_EXCLUSIVE;
        }
        if (statement instanceof ParsedStatement.CreateTrigger) {
            return LockMode.SHARE_ROW_EXCLUSIVE;
        }
        if (statement instanceof ParsedStatement.DataChange) {
            return LockMode.ROW_EXCLUSIVE;
        }
        return LockMode.NONE;
    }

    public static LockMode lockOf(AlterTableAction action, int serverVersionNum) {
        if (action instanceof AlterTableAction.AddConstraint add) {
            return add.kind() == ConstraintKind.FOREIGN_KEY ? LockMode.SHARE_ROW_EXCLUSIVE : LockMode.ACCESS_EXCLUSIVE;
        }
        if (action instanceof AlterTableAction.ValidateConstraint) {
            return LockMode.SHARE_UPDATE_EXCLUSIVE;
        }
        if (action instanceof AlterTableAction.ChangeTrigger) {
            return LockMode.SHARE_ROW_EXCLUSIVE;
        }
        if (action instanceof AlterTableAction.AttachPartition) {
            return serverVersionNum >= 120000 ? LockMode.SHARE_UPDATE_EXCLUSIVE : LockMode.ACCESS_EXCLUSIVE;
        }
        if (action instanceof AlterTableAction.DetachPartition detach) {
            return detach.concurrently() ? LockMode.SHARE_UPDATE_EXCLUSIVE : LockMode.ACCESS_EXCLUSIVE;
        }
        return LockMode.ACCESS_EXCLUSIVE;
    }

    /** The table the lock is on: the statement's main relation, or null. */
    public static QualifiedName tableOf(ParsedStatement statement) {
        if (statement instanceof ParsedStatement.CreateIndex s) {
            return s.table();
        }
        if (statement instanceof ParsedStatement.DropIndex s) {
            return s.indexes().get(0);
        }
        if (statement instanceof ParsedStatement.Reindex s) {
            return s.name();
        }
        if (statement instanceof ParsedStatement.AlterTable s) {
            return s.table();
        }
        if (statement instanceof ParsedStatement.CreateTable s) {
            return s.table();
        }
        if (statement instanceof ParsedStatement.CreateMaterializedView s) {
            return s.view();
        }
        if (statement instanceof ParsedStatement.Drop s) {
            return first(s.names());
        }
        if (statement instanceof ParsedStatement.Truncate s) {
            return first(s.tables());
        }
        if (statement instanceof ParsedStatement.Vacuum s) {
            return first(s.tables());
        }
        if (statement instanceof ParsedStatement.Cluster s) {
            return s.table();
        }
        if (statement instanceof ParsedStatement.LockTable s) {
            return first(s.tables());
        }
        if (statement instanceof ParsedStatement.RefreshMaterializedView s) {
            return s.view();
        }
        if (statement instanceof ParsedStatement.AlterEnumAddValue s) {
            return s.type();
        }
        if (statement instanceof ParsedStatement.CreateTrigger s) {
            return s.table();
        }
        if (statement instanceof ParsedStatement.DataChange s) {
            return s.table();
        }
        return null;
    }

    private static QualifiedName first(java.util.List<QualifiedName> names) {
        return names.isEmpty() ? null : names.get(0);
    }

    /**
     * Work that is long by design and takes only weak locks: a concurrent build or detach, a validation,
     * a plain VACUUM, a concurrent refresh, a CREATE TABLE … AS. It gets the long lock timeout (a concurrent
     * build waits for every older transaction, and those waits count against lock_timeout) and no statement
     * timeout.
     */
    public static boolean isLongByDesign(ParsedStatement statement) {
        if (statement instanceof ParsedStatement.CreateIndex s) {
            return s.concurrently();
        }
        if (statement instanceof ParsedStatement.DropIndex s) {
            return s.concurrently();
        }
        if (statement instanceof ParsedStatement.Reindex s) {
            return s.concurrently();
        }
        if (statement instanceof ParsedStatement.Vacuum s) {
            return !s.full();
        }
        if (statement instanceof ParsedStatement.RefreshMaterializedView s) {
            return s.concurrently();
        }
        if (statement instanceof ParsedStatement.CreateTable s) {
            return s.asSelect();
        }
        if (statement instanceof ParsedStatement.CreateMaterializedView s) {
            return !s.withNoData();
        }
        if (statement instanceof ParsedStatement.AlterTable s) {
            if (s.actions().isEmpty()) {
                return false;
            }
            for (int i = 0; i < s.actions().size(); i++) { // a loop, not a stream: this runs for every ALTER TABLE
                AlterTableAction a = s.actions().get(i);
                if (!(a instanceof AlterTableAction.ValidateConstraint
                        || (a instanceof AlterTableAction.DetachPartition d && d.concurrently())
                        || a instanceof AlterTableAction.AttachPartition)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** CONCURRENTLY forms cannot run inside a transaction block (SQLSTATE 25001). */
    public static boolean canRunInTransaction(ParsedStatement statement) {
        if (statement instanceof ParsedStatement.CreateIndex s) {
            return !s.concurrently();
        }
        if (statement instanceof ParsedStatement.DropIndex s) {
            return !s.concurrently();
        }
        if (statement instanceof ParsedStatement.Reindex s) {
            return !s.concurrently();
        }
        if (statement instanceof ParsedStatement.AlterTable s) {
            for (int i = 0; i < s.actions().size(); i++) {
                if (s.actions().get(i) instanceof AlterTableAction.DetachPartition d && d.concurrently()) {
                    return false;
                }
            }
            return true;
        }
        if (statement instanceof ParsedStatement.Vacuum) {
            return false;
        }
        return true;
    }

    static boolean isForeignKey(AlterTableAction action) {
        return action instanceof AlterTableAction.AddConstraint add && add.kind() == ConstraintKind.FOREIGN_KEY;
    }
}
