package io.coldchain.rules.route;

import static io.coldchain.rules.route.RouteFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.rules.AlertIds;
import io.coldchain.rules.route.Episode.Phase;
import io.coldchain.rules.route.Episode.Transition;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EpisodeTest {

    /** 3 fixes and 5 minutes to open, 5 minutes to clear. */
    private final RouteSettings.Confirmation rule = RouteSettings.Corridor.defaults().confirmation();

    @Test
    void shouldNeedBothTheFixCountAndTheDurationToOpen() {
        // Three fixes in 2 minutes: enough fixes, not enough time.
        Episode.Step step = observe(Episode.IDLE, 0, true);
        assertThat(step.transition()).isEqualTo(Transition.STARTED);
        step = observe(step.episode(), 1, true);
        step = observe(step.episode(), 2, true);
        assertThat(step.episode().phase()).isEqualTo(Phase.PENDING);

        // One fix after a long gap: enough time, but counted only as the fourth fix here.
        final Episode.Step twoFixesLongGap = observe(observe(Episode.IDLE, 0, true).episode(), 30, true);
        assertThat(twoFixesLongGap.episode().phase()).isEqualTo(Phase.PENDING);

        step = observe(step.episode(), 5, true);
        assertThat(step.transition()).isEqualTo(Transition.OPENED);
        assertThat(step.episode().alertId()).isEqualTo(AlertIds.episode("SHP-E", "rule", at(Duration.ZERO)));
    }

    @Test
    void shouldDiscardACandidateThatReturnsBeforeConfirmation() {
        Episode.Step step = observe(Episode.IDLE, 0, true);
        step = observe(step.episode(), 1, true);

        step = observe(step.episode(), 2, false);

        assertThat(step.transition()).isEqualTo(Transition.DISCARDED);
        assertThat(step.episode()).isEqualTo(Episode.IDLE);
    }

    @Test
    void shouldResolveOnlyAfterTheClearTimeBackInside() {
        Episode.Step step = opened();

        step = observe(step.episode(), 10, false);
        assertThat(step.episode().phase()).isEqualTo(Phase.CLEARING);
        step = observe(step.episode(), 14, false);
        assertThat(step.transition()).isEqualTo(Transition.NONE);

        step = observe(step.episode(), 15, false);

        assertThat(step.transition()).isEqualTo(Transition.RESOLVED);
        assertThat(step.episode()).isEqualTo(Episode.IDLE);
    }

    @Test
    void shouldNotFlapWhenTheConditionReturnsWhileClearing() {
        Episode.Step step = opened();
        final String alertId = step.episode().alertId();

        step = observe(step.episode(), 10, false);
        step = observe(step.episode(), 12, true);
        assertThat(step.transition()).isEqualTo(Transition.NONE);
        assertThat(step.episode().phase()).isEqualTo(Phase.ACTIVE);
        step = observe(step.episode(), 13, false);
        step = observe(step.episode(), 17, false);
        assertThat(step.transition()).as("clear time restarts at 13").isEqualTo(Transition.NONE);

        step = observe(step.episode(), 18, false);

        assertThat(step.transition()).isEqualTo(Transition.RESOLVED);
        assertThat(alertId).isEqualTo(AlertIds.episode("SHP-E", "rule", at(Duration.ZERO)));
    }

    private Episode.Step opened() {
        Episode.Step step = observe(Episode.IDLE, 0, true);
        step = observe(step.episode(), 3, true);
        step = observe(step.episode(), 6, true);
        assertThat(step.transition()).isEqualTo(Transition.OPENED);
        return step;
    }

    private Episode.Step observe(final Episode episode, final int minute, final boolean violating) {
        return episode.observe(at(Duration.ofMinutes(minute)), violating, rule, "SHP-E", "rule");
    }
}
