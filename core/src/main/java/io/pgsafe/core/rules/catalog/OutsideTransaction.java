package io.pgsafe.core.rules.catalog;

/** The fix for a safe form that cannot run inside a transaction block, for each way migrations run. */
final class OutsideTransaction {

    private OutsideTransaction() {
    }

    /**
     * @param what the statement that must run on its own, e.g. {@code CREATE INDEX CONCURRENTLY}
     */
    static String fix(String what) {
        return "run it outside a transaction, where pgsafe runs " + what + " for you: in Flyway put it in a "
                + "migration of its own with executeInTransaction=false in a <script>.sql.conf file beside it, "
                + "and set flyway.postgresql.transactional.lock=false (Spring Boot: "
                + "spring.flyway.postgresql.transactional-lock=false), or the concurrent build waits for the "
                + "transaction Flyway holds its lock in; in Liquibase mark the changeset "
                + "runInTransaction:false; in Spring or plain JDBC run it with autocommit on, outside "
                + "@Transactional";
    }
}
