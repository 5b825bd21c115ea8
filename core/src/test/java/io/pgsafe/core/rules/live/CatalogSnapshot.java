package io.pgsafe.core.rules.live;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the catalog says about one schema's tables, as text keyed by object: each index's definition
 * ({@code pg_get_indexdef}) and validity, each constraint's definition ({@code pg_get_constraintdef}) and
 * {@code convalidated}, each column's type ({@code format_type}), NOT NULL flag and default. The schema's own
 * name is taken out of every text, so two schemas built differently compare with {@link #equals}; objects
 * whose names are passed as temporary are left out.
 */
public record CatalogSnapshot(Map<String, String> entries) {

    public CatalogSnapshot {
        entries = java.util.Collections.unmodifiableMap(new TreeMap<>(entries));
    }

    public static CatalogSnapshot of(Connection connection, String schema, Set<String> temporaryNames)
            throws SQLException {
        Map<String, String> entries = new TreeMap<>();
        String prefix = Pattern.quote(schema) + "\\.";
        query(connection, """
                select c.relname, c.relkind::text || ' ' || coalesce(pg_get_partkeydef(c.oid), '')
                       || coalesce(' ' || pg_get_expr(c.relpartbound, c.oid), '')
                from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where n.nspname = ? and c.relkind in ('r', 'p', 'i', 'I')
                """, schema, (name, value) -> entries.put("relation " + name, value), temporaryNames, prefix);
        query(connection, """
                select i.relname, pg_get_indexdef(i.oid) || ' valid=' || x.indisvalid || ' ready=' || x.indisready
                from pg_index x join pg_class i on i.oid = x.indexrelid join pg_namespace n on n.oid = i.relnamespace
                where n.nspname = ?
                """, schema, (name, value) -> entries.put("index " + name, value), temporaryNames, prefix);
        query(connection, """
                select t.relname || '.' || k.conname, k.contype::text || ' ' || pg_get_constraintdef(k.oid)
                       || ' validated=' || k.convalidated || ' index=' || coalesce(ki.relname, '-')
                from pg_constraint k join pg_class t on t.oid = k.conrelid join pg_namespace n on n.oid = t.relnamespace
                left join pg_class ki on ki.oid = k.conindid
                where n.nspname = ?
                """, schema, (name, value) -> entries.put("constraint " + name, value), temporaryNames, prefix);
        query(connection, """
                select t.relname || '.' || a.attname, format_type(a.atttypid, a.atttypmod) || ' notnull='
                       || a.attnotnull || ' default=' || coalesce(pg_get_expr(d.adbin, d.adrelid), '-')
                from pg_attribute a join pg_class t on t.oid = a.attrelid join pg_namespace n on n.oid = t.relnamespace
                left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
                where n.nspname = ? and t.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
                """, schema, (name, value) -> entries.put("column " + name, value), temporaryNames, prefix);
        return new CatalogSnapshot(entries);
    }

    private interface Entry {
        void put(String name, String value);
    }

    private static void query(Connection connection, String sql, String schema, Entry entry, Set<String> temporary,
                              String schemaPrefix) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, schema);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String name = rows.getString(1);
                    String object = name.substring(name.indexOf('.') + 1);
                    if (temporary.contains(object)) {
                        continue;
                    }
                    entry.put(name, rows.getString(2).replaceAll(schemaPrefix, Matcher.quoteReplacement("")));
                }
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        entries.forEach((k, v) -> out.append(k).append(" = ").append(v).append('\n'));
        return out.toString();
    }
}
