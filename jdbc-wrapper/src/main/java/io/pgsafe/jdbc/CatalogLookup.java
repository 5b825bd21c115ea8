package io.pgsafe.jdbc;

import io.pgsafe.core.model.QualifiedName;
import io.pgsafe.core.rules.SessionFacts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Catalog facts for the rules, asked only while a DDL statement is judged and cached until the transaction ends
 * or a DDL statement runs. Every query is written so that it cannot fail (to_regclass instead of ::regclass): an
 * error here would abort the application's transaction. A failing lookup answers "unknown", and the rules then
 * assume the hazardous case.
 */
final class CatalogLookup implements SessionFacts.CatalogFacts {
    private static final Object NULL = new Object();
    private final Connection connection;
    private final Map<String, Object> cache = new HashMap<>();

    CatalogLookup(Connection connection) {
        this.connection = connection;
    }

    void clear() {
        cache.clear();
    }

    @Override
    public Optional<Boolean> isVolatileFunction(String name) {
        int dot = name.lastIndexOf('.');
        String schema = dot < 0 ? null : name.substring(0, dot);
        String function = dot < 0 ? name : name.substring(dot + 1);
        return Optional.ofNullable((Boolean) query("volatile:" + name,
                "select bool_or(p.provolatile = 'v') from pg_proc p join pg_namespace n on n.oid = p.pronamespace "
                        + "where p.proname = ? and (?::text is null or n.nspname = ?::text)",
                function.toLowerCase(java.util.Locale.ROOT), schema, schema));
    }

    @Override
    public Optional<Boolean> hasValidatedNotNullCheck(QualifiedName table, String column) {
        return Optional.ofNullable((Boolean) query("notnullcheck:" + table + ":" + column,
                "select case when to_regclass(?) is null then null else exists (select 1 from pg_constraint c "
                        + "where c.conrelid = to_regclass(?) and c.contype = 'c' and c.convalidated and "
                        + "pg_get_constraintdef(c.oid) ilike '%' || quote_ident(?) || ' IS NOT NULL%') end",
                table.toSql(), table.toSql(), column));
    }

    @Override
    public Optional<Boolean> columnNotNull(QualifiedName table, String column) {
        return Optional.ofNullable((Boolean) query("attnotnull:" + table + ":" + column,
                "select a.attnotnull from pg_attribute a where a.attrelid = to_regclass(?) and a.attname = ? "
                        + "and not a.attisdropped", table.toSql(), column));
    }

    @Override
    public Optional<Boolean> isPartitioned(QualifiedName table) {
        return Optional.ofNullable((Boolean) query("partitioned:" + table,
                "select relkind = 'p' from pg_class where oid = to_regclass(?)", table.toSql()));
    }

    @Override
    public OptionalLong estimatedRows(QualifiedName table) {
        Object rows = query("rows:" + table, "select reltuples::bigint from pg_class where oid = to_regclass(?)",
                table.toSql());
        return rows == null ? OptionalLong.empty() : OptionalLong.of((Long) rows);
    }

    @Override
    public OptionalLong estimatedBytes(QualifiedName table) {
        Object bytes = query("bytes:" + table, "select pg_total_relation_size(to_regclass(?))", table.toSql());
        return bytes == null ? OptionalLong.empty() : OptionalLong.of((Long) bytes);
    }

    @Override
    public Optional<String> sessionTimeZone() {
        return Optional.ofNullable((String) query("timezone", "select current_setting('TimeZone')"));
    }

    private Object query(String key, String sql, String... parameters) {
        Object cached = cache.get(key);
        if (cached != null) {
            return cached == NULL ? null : cached;
        }
        Object value = null;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                if (rs.next()) {
                    value = rs.getObject(1);
                }
            }
        } catch (SQLException e) {
            PgSafeLog.LOG.debug("pgsafe catalog lookup failed, treated as unknown: {}", e.toString());
        }
        cache.put(key, value == null ? NULL : value);
        return value;
    }
}
