package io.pgsafe.testsupport;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the annotated test class or method only when the {@link SharedPostgres shared server}'s
 * {@code server_version_num} lies in {@code [min, max]} (both inclusive); otherwise it is reported as skipped with the
 * reason. Example: {@code @EnabledForServerVersion(min = 130000)} for {@code DROP DATABASE ... WITH (FORCE)},
 * {@code @EnabledForServerVersion(max = 109999)} for behaviour before PostgreSQL 11.
 * A missing server is a failure, not a skip.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ServerVersionCondition.class)
public @interface EnabledForServerVersion {

    /** Lowest server_version_num that runs the test, e.g. {@code 120000} for PostgreSQL 12.0. */
    int min() default 0;

    /** Highest server_version_num that runs the test, e.g. {@code 159999} for anything up to PostgreSQL 15. */
    int max() default Integer.MAX_VALUE;
}
