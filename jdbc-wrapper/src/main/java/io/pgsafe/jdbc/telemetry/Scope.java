package io.pgsafe.jdbc.telemetry;

/** A span made current; closing it restores the previous context. */
public interface Scope extends AutoCloseable {
    Scope NONE = () -> { };

    @Override
    void close();
}
