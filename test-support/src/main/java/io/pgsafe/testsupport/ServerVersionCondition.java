package io.pgsafe.testsupport;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Evaluates {@link EnabledForServerVersion} against the shared server's {@code server_version_num}.
 */
public final class ServerVersionCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return context.getElement()
                .flatMap(element -> AnnotationSupport.findAnnotation(element, EnabledForServerVersion.class))
                .map(range -> evaluate(SharedPostgres.get().serverVersionNum(), range.min(), range.max()))
                .orElseGet(() -> ConditionEvaluationResult.enabled("no @EnabledForServerVersion here"));
    }

    static ConditionEvaluationResult evaluate(int serverVersionNum, int min, int max) {
        if (min > max) {
            throw new IllegalArgumentException("@EnabledForServerVersion(min = " + min + ", max = " + max
                    + "): min is above max");
        }
        boolean inRange = serverVersionNum >= min && serverVersionNum <= max;
        String reason = "server_version_num " + serverVersionNum + " is " + (inRange ? "within" : "outside")
                + " [" + min + ", " + max + "]";
        return inRange ? ConditionEvaluationResult.enabled(reason) : ConditionEvaluationResult.disabled(reason);
    }
}
