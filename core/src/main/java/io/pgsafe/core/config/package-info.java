/**
 * pgsafe's configuration model: {@link io.pgsafe.core.config.PgSafeSetting} lists every key,
 * {@link io.pgsafe.core.config.PgSafeConfig} is the checked, immutable result of layering
 * {@link io.pgsafe.core.config.ConfigSource}s. Pure: the front doors (wrapper, agent, CLI, Spring starter)
 * read files, the environment and system properties and hand the maps in, so this package is tested
 * without any of them and behaves the same behind every front door.
 */
package io.pgsafe.core.config;
