package io.pgsafe.core.rules;

import io.pgsafe.core.model.ParsedStatement;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** The kinds of {@link ParsedStatement}, as {@link Rule#judges()} names them. */
public final class StatementTypes {

    /** Every kind the parser makes: the records {@link ParsedStatement} permits. */
    public static final Set<Class<? extends ParsedStatement>> ALL = Arrays.stream(
                    ParsedStatement.class.getPermittedSubclasses())
            .map(type -> type.asSubclass(ParsedStatement.class))
            .collect(Collectors.toUnmodifiableSet());

    private StatementTypes() {
    }
}
