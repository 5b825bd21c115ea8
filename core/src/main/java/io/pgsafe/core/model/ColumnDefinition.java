package io.pgsafe.core.model;

/**
 * A column as {@code CREATE TABLE} or {@code ADD COLUMN} defines it.
 *
 * @param name             folded column name
 * @param type             the type as written, whitespace collapsed and lower-cased outside quotes
 *                         ({@code varchar(255)}, {@code timestamp without time zone}, {@code "MyType"})
 * @param defaultExpression the DEFAULT expression as written, or null
 * @param notNull          NOT NULL (or PRIMARY KEY) is declared
 * @param primaryKey       PRIMARY KEY is declared inline
 * @param unique           UNIQUE is declared inline
 * @param identity         GENERATED … AS IDENTITY
 * @param generatedStored  GENERATED ALWAYS AS (…) STORED
 * @param generatedVirtual GENERATED ALWAYS AS (…) VIRTUAL, or without STORED on PostgreSQL 18
 * @param references       the table of an inline REFERENCES, or null
 * @param check            the expression of an inline CHECK, or null
 */
public record ColumnDefinition(String name, String type, String defaultExpression, boolean notNull,
                               boolean primaryKey, boolean unique, boolean identity, boolean generatedStored,
                               boolean generatedVirtual, QualifiedName references, String check) {

    /** serial, bigserial, smallserial and their aliases: a sequence default filled into every row. */
    public boolean serial() {
        return switch (type) {
            case "serial", "serial4", "bigserial", "serial8", "smallserial", "serial2" -> true;
            default -> false;
        };
    }
}
