package io.pgsafe.testsupport;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.sql.SQLException;

/**
 * The JUnit 5 side of {@link PostgresTest}: creates the class's database before anything of the class runs and keeps
 * it in the class-level store, whose closing (JUnit closes stored {@link AutoCloseable}s) drops it after the class.
 * Safe under parallel execution: the store computes the value once per class.
 */
public final class PostgresTestExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PostgresTestExtension.class);
    private static final String DATABASE_KEY = "database";

    @Override
    public void beforeAll(ExtensionContext context) {
        // Eagerly, so that a missing server fails the class once, before any test, with the full message.
        databaseFor(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TestDatabase.class || type == SharedPostgres.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SharedPostgres.class ? SharedPostgres.get() : databaseFor(context);
    }

    /**
     * The database of the test class {@code context} belongs to. Looked up from the nearest class-level context;
     * the store also searches parent contexts, so a {@code @Nested} class finds its enclosing class's database.
     * Constructor injection in PER_CLASS lifecycle happens before beforeAll, hence the lazy creation here too.
     */
    static TestDatabase databaseFor(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        Class<?> testClass = classContext.getRequiredTestClass();
        return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(DATABASE_KEY,
                key -> createDatabase(testClass), TestDatabase.class);
    }

    private static TestDatabase createDatabase(Class<?> testClass) {
        try {
            return TestDatabase.create(SharedPostgres.get(), DatabaseNames.forClass(testClass));
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the database for " + testClass.getName(), e);
        }
    }
}
