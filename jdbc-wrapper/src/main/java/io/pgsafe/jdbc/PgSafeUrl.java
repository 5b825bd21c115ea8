package io.pgsafe.jdbc;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A {@code jdbc:pgsafe:postgresql://…} URL taken apart: the pgjdbc URL without pgsafe's parameters, the
 * connection properties without pgsafe's keys, and pgsafe's parameters. Only the leading {@code jdbc:pgsafe:} is
 * replaced (p6spy's replace-everywhere bug is not copied), and nothing here is ever logged.
 */
record PgSafeUrl(String postgresUrl, Properties postgresInfo, Map<String, String> pgsafeParameters) {
    static final String PREFIX = "jdbc:pgsafe:postgresql:";
    private static final String PGSAFE = "pgsafe.";

    static boolean accepts(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    /**
     * @throws java.sql.SQLException (SQLSTATE 22023) for a parameter whose %-escapes do not decode; the message
     *                               names a pgsafe key but never quotes a value or another parameter
     */
    static PgSafeUrl parse(String url, Properties info) throws java.sql.SQLException {
        String rest = "jdbc:" + url.substring("jdbc:pgsafe:".length());
        rejectUserInfo(rest);
        Map<String, String> pgsafe = new LinkedHashMap<>();
        Properties postgresInfo = new Properties();
        if (info != null) {
            for (String key : info.stringPropertyNames()) {
                if (key.startsWith(PGSAFE)) {
                    pgsafe.put(key, info.getProperty(key));
                } else {
                    postgresInfo.setProperty(key, info.getProperty(key));
                }
            }
        }
        int query = rest.indexOf('?');
        if (query < 0) {
            return new PgSafeUrl(rest, postgresInfo, pgsafe);
        }
        StringBuilder kept = new StringBuilder(rest.length()).append(rest, 0, query);
        char separator = '?';
        for (String parameter : rest.substring(query + 1).split("&")) {
            if (parameter.isEmpty()) {
                continue;
            }
            int eq = parameter.indexOf('=');
            String key = decodeKey(eq < 0 ? parameter : parameter.substring(0, eq));
            if (key.startsWith(PGSAFE)) {
                pgsafe.put(key, eq < 0 ? "" : decodeValue(key, parameter.substring(eq + 1)));
            } else {
                kept.append(separator).append(parameter);
                separator = '&';
            }
        }
        return new PgSafeUrl(kept.toString(), postgresInfo, pgsafe);
    }

    /**
     * pgjdbc has no {@code user:password@host} form: it would take the whole user-info for a host name and put it,
     * password included, into an UnknownHostException. Refused here, without repeating any of it.
     */
    private static void rejectUserInfo(String postgresUrl) throws java.sql.SQLException {
        int start = postgresUrl.indexOf("//");
        if (start < 0) {
            return;
        }
        int end = postgresUrl.length();
        for (char c : new char[] {'/', '?'}) {
            int at = postgresUrl.indexOf(c, start + 2);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        if (postgresUrl.lastIndexOf('@', end - 1) >= start + 2) {
            throw new java.sql.SQLException("pgsafe refused the URL: it has user-info (user:password@) before the host, "
                    + "which pgjdbc does not support; pass user and password as connection properties or as the "
                    + "user= and password= parameters (the URL is not repeated here)", "08001");
        }
    }

    private static String decodeKey(String text) throws java.sql.SQLException {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // URLDecoder's message quotes the text, which may be anything: not repeated here.
            throw new java.sql.SQLException("pgsafe could not read the URL: a parameter name has a malformed "
                    + "%-escape", "22023");
        }
    }

    private static String decodeValue(String key, String text) throws java.sql.SQLException {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new java.sql.SQLException("pgsafe could not read the URL parameter " + key + ": its value has a "
                    + "malformed %-escape (write % as %25)", "22023");
        }
    }
}
