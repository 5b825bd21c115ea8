package io.pgsafe.core.model;

public enum TransactionCommand {
    BEGIN,
    COMMIT,
    ROLLBACK,
    SAVEPOINT,
    RELEASE_SAVEPOINT,
    ROLLBACK_TO_SAVEPOINT,
    PREPARE_TRANSACTION,
    /** COMMIT PREPARED / ROLLBACK PREPARED act on another, prepared transaction. */
    PREPARED_OUTCOME
}
