package io.pgsafe.core.model;

import java.util.Objects;

/**
 * A relation or type name as PostgreSQL resolves it: unquoted parts folded to lower case, quoted parts kept.
 *
 * @param schema the schema named in the statement, or null when it relies on {@code search_path}
 * @param name   the object's own name
 */
public record QualifiedName(String schema, String name) {

    public QualifiedName {
        Objects.requireNonNull(name, "name");
    }

    public static QualifiedName of(String name) {
        return new QualifiedName(null, name);
    }

    /** Whether both name the same object, taking an unqualified name to match any schema. */
    public boolean matches(QualifiedName other) {
        return name.equals(other.name) && (schema == null || other.schema == null || schema.equals(other.schema));
    }

    /** The name written back as SQL, quoted where PostgreSQL needs it. */
    public String toSql() {
        return schema == null ? Identifiers.quoteIfNeeded(name)
                : Identifiers.quoteIfNeeded(schema) + "." + Identifiers.quoteIfNeeded(name);
    }

    @Override
    public String toString() {
        return schema == null ? name : schema + "." + name;
    }
}
