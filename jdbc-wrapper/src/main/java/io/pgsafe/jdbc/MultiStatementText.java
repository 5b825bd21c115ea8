package io.pgsafe.jdbc;

import io.pgsafe.core.engine.Decision;
import io.pgsafe.core.model.ParsedStatement;
import io.pgsafe.core.model.TransactionCommand;
import io.pgsafe.core.parse.DdlParser;
import io.pgsafe.core.rules.TransactionState;
import io.pgsafe.core.sql.SqlStatement;
import io.pgsafe.core.sql.StatementClass;
import io.pgsafe.core.sql.StatementClassifier;
import io.pgsafe.jdbc.telemetry.GuardRecord;
import io.pgsafe.jdbc.telemetry.Scope;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A text holding several statements ({@code stmt.execute("create table …; create index …")}).
 * <ol>
 * <li>Every part is decided first, in order, on a scratch copy of the transaction's story (BEGIN/COMMIT in the
 * text move it, a CREATE TABLE in the text makes the table new for the parts after it). If any part is blocked,
 * nothing is sent.</li>
 * <li>All parts Allow: the text goes as written, one round trip, results as pgjdbc gives them.</li>
 * <li>All parts Allow or Guard, and the guarded parts want the same timeouts: the text still goes as written,
 * under those timeouts (each statement of a multi-statement text is timed on its own since PostgreSQL 13), retried
 * on 55P03 as a whole (pgjdbc runs the parts in one implicit transaction, so a failure leaves nothing behind).</li>
 * <li>Otherwise (a rewrite, parts needing different timeouts, or guarded parts beside BEGIN/COMMIT, where a
 * session SET could outlive a rollback and a retry could come after a COMMIT): statement by statement, each decided again on
 * the live session and carried out on its own; the statement then shows the last part's result.</li>
 * </ol>
 */
final class MultiStatementText {
    private final StatementGate gate;
    private final String sql;
    private final List<SqlStatement> parts;

    MultiStatementText(StatementGate gate, String sql, List<SqlStatement> parts) {
        this.gate = gate;
        this.sql = sql;
        this.parts = parts;
    }

    <T> T run(SqlCall<T> call, T resultOfRewrite) throws SQLException {
        boolean inTransaction = gate.inTransaction();
        boolean autoCommit = gate.autoCommit();
        TransactionState scratch = new TransactionState();
        List<Decision> decisions = new ArrayList<>(parts.size());
        List<String> blocked = new ArrayList<>();
        boolean transactionControl = false;
        for (int i = 0; i < parts.size(); i++) {
            SqlStatement part = parts.get(i);
            if (StatementClassifier.classify(part.text()) == StatementClass.TRANSACTION_CONTROL) {
                transactionControl = true;
                decisions.add(Decision.Allow.INSTANCE);
                ParsedStatement parsed = DdlParser.parse(part.text());
                if (parsed instanceof ParsedStatement.TransactionControl control) {
                    if (control.command() == TransactionCommand.BEGIN) {
                        inTransaction = true;
                    } else if (control.command() == TransactionCommand.COMMIT
                            || control.command() == TransactionCommand.ROLLBACK) {
                        inTransaction = !autoCommit;
                        scratch.reset();
                    }
                }
                continue;
            }
            Decision decision;
            try {
                decision = gate.decide(part, inTransaction, scratch);
            } catch (RuntimeException e) {
                decision = gate.decideSafely(part.text(), part);
            }
            decisions.add(decision);
            if (decision instanceof Decision.Block block) {
                blocked.add("statement " + (i + 1) + " of " + parts.size() + ": "
                        + io.pgsafe.jdbc.telemetry.SqlSanitizer.withoutLiteralsOf(block.message(), part.text()));
            } else if (decision instanceof Decision.Guard g) {
                scratch.observe(g.statement(), g.lock(), g.table());
            }
        }
        if (!blocked.isEmpty()) {
            String message = String.join("\n", blocked) + "\n(none of the " + parts.size()
                    + " statements of this text was sent)";
            PgSafeLog.LOG.warn("{}", message);
            for (Decision decision : decisions) {
                if (decision instanceof Decision.Block block) {
                    GuardRecord record = gate.telemetry().start(block, part(block));
                    record.blocked();
                    record.end(false);
                }
            }
            throw new UnsafeStatementException(message);
        }
        SessionTimeouts common = null;
        boolean sameTimeouts = true;
        Decision.Guard firstGuard = null;
        for (Decision decision : decisions) {
            if (decision instanceof Decision.Rewrite) {
                sameTimeouts = false;
            } else if (decision instanceof Decision.Guard g) {
                SessionTimeouts t = SessionTimeouts.forLock(gate.executor().config(), g.lock(), g.longRunning());
                if (common == null) {
                    common = t;
                    firstGuard = g;
                } else if (!common.equals(t)) {
                    sameTimeouts = false;
                }
            }
        }
        if (common == null) {
            T result = call.run(sql);
            afterText();
            return result;
        }
        if (sameTimeouts && !transactionControl) {
            for (Decision decision : decisions) {
                if (decision instanceof Decision.Guard g) {
                    gate.executor().logGuard(g, sql);
                }
            }
            boolean open = gate.inTransaction();
            // One round trip, one span: named by the first guarded part, db.query.text the whole text.
            GuardRecord record = gate.telemetry().start(firstGuard, sql);
            record.timeouts(common.lockMillis(), common.statementMillis());
            T result;
            try (Scope scope = record.makeCurrent()) {
                result = gate.executor().guarded(gate.session(), open, sql, common, call, firstGuard.statement(),
                        record);
            } catch (SQLException e) {
                record.failed(e);
                throw e;
            } finally {
                record.end(open);
            }
            for (Decision decision : decisions) {
                gate.observe(decision, open);
            }
            return result;
        }
        T last = resultOfRewrite;
        for (SqlStatement part : parts) {
            last = gate.runOne(part.text(), part, call, resultOfRewrite);
        }
        return last;
    }

    /** The blocked part's own text, for its span's sanitized db.query.text. */
    private static String part(Decision.Block block) {
        return block.statement() == null ? "" : block.statement().text();
    }

    private void afterText() {
        for (SqlStatement part : parts) {
            if (StatementClassifier.classify(part.text()) == StatementClass.TRANSACTION_CONTROL) {
                gate.afterTransactionControl(part.text());
            }
        }
    }

}
