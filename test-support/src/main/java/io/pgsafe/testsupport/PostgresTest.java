package io.pgsafe.testsupport;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives the annotated test class a fresh database of its own on the {@link SharedPostgres shared server}, dropped
 * after the class. Declare a {@link TestDatabase} parameter on the constructor, on {@code @BeforeAll}/{@code @BeforeEach}
 * /... methods or on test methods to get it ({@link SharedPostgres} can be injected too). {@code @Nested} classes use
 * their enclosing class's database.
 *
 * <pre>{@code
 * @PostgresTest
 * class LockTimeoutTest {
 *     @Test
 *     void createsTable(TestDatabase db) throws Exception {
 *         db.execute("create table t (id int)");
 *         assertThat(db.queryForLong("select count(*) from t")).isZero();
 *     }
 * }
 * }</pre>
 *
 * If no server can be had, the class fails with {@link PostgresUnavailableException}; it is never skipped.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PostgresTestExtension.class)
public @interface PostgresTest {
}
