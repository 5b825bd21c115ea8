package io.pgsafe.testsupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

class EnabledForServerVersionTest {

    @Test
    void rangeIsInclusiveAtBothEnds() {
        assertThat(ServerVersionCondition.evaluate(170011, 170011, 170011).isDisabled()).isFalse();
        assertThat(ServerVersionCondition.evaluate(170011, 120000, Integer.MAX_VALUE).isDisabled()).isFalse();
        assertThat(ServerVersionCondition.evaluate(119999, 120000, Integer.MAX_VALUE).isDisabled()).isTrue();
        ConditionEvaluationResult tooNew = ServerVersionCondition.evaluate(170011, 0, 159999);
        assertThat(tooNew.isDisabled()).isTrue();
        assertThat(tooNew.getReason()).hasValue("server_version_num 170011 is outside [0, 159999]");
    }

    @Test
    void rejectsAnEmptyRange() {
        assertThatThrownBy(() -> ServerVersionCondition.evaluate(170011, 2, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("min is above max");
    }

    @Test
    void runsOrSkipsTestsByTheSharedServersVersion() {
        Events tests = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(MethodLevelFixture.class), selectClass(ClassLevelFixture.class))
                .execute()
                .testEvents();
        tests.assertStatistics(stats -> stats.started(2).succeeded(2).skipped(2).failed(0));
        assertThat(tests.skipped().stream().map(e -> e.getTestDescriptor().getDisplayName()))
                .containsExactlyInAnyOrder("skippedBelowMinimum()", "skippedAboveMaximum()");

        Events classes = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(ClassLevelFixture.class), selectClass(DisabledClassFixture.class))
                .execute()
                .containerEvents();
        assertThat(classes.skipped().count()).isEqualTo(1);
    }

    static class MethodLevelFixture {
        @Test
        @EnabledForServerVersion(min = 120000)
        void runsOnTwelveAndLater() {
        }

        @Test
        @EnabledForServerVersion(min = Integer.MAX_VALUE)
        void skippedBelowMinimum() {
        }

        @Test
        @EnabledForServerVersion(max = 1)
        void skippedAboveMaximum() {
        }
    }

    @EnabledForServerVersion(min = 100000)
    static class ClassLevelFixture {
        @Test
        void runsWhenTheClassRangeMatches() {
        }
    }

    @EnabledForServerVersion(max = 100000)
    static class DisabledClassFixture {
        @Test
        void neverRunsOnSupportedServers() {
        }
    }
}
