package io.pgsafe.core.model;

public enum ConstraintKind {
    FOREIGN_KEY("fkey"),
    CHECK("check"),
    UNIQUE("key"),
    PRIMARY_KEY("pkey"),
    EXCLUDE("excl"),
    /** PostgreSQL 18: {@code ADD CONSTRAINT … NOT NULL col}. */
    NOT_NULL("not_null");

    private final String nameLabel;

    ConstraintKind(String nameLabel) {
        this.nameLabel = nameLabel;
    }

    /** The suffix PostgreSQL gives a constraint of this kind when it names it itself. */
    public String nameLabel() {
        return nameLabel;
    }
}
