package io.coldchain.rules.route;

import static io.coldchain.rules.route.RouteFixtures.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coldchain.domain.DetectionOverrides;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OverridesTest {

    private static final RouteSettings SETTINGS = RouteSettings.defaults();

    @Test
    void shouldKeepTheSameSettingsWhenThePlanOverridesNothing() {
        assertThat(Overrides.apply(SETTINGS, plan("S").build())).isSameAs(SETTINGS);
        assertThat(Overrides.apply(SETTINGS, plan("S").detectionOverrides(new DetectionOverrides(null, null)).build()))
                .isSameAs(SETTINGS);
    }

    @Test
    void shouldReplaceOnlyTheFieldsThePlanSets() {
        final RouteSettings fixes = Overrides.apply(SETTINGS,
                plan("S").detectionOverrides(new DetectionOverrides(7, null)).build());
        assertThat(fixes.corridor().confirmation()).isEqualTo(new RouteSettings.Confirmation(7,
                SETTINGS.corridor().confirmation().minDuration(), SETTINGS.corridor().confirmation().clearDuration()));

        final RouteSettings duration = Overrides.apply(SETTINGS,
                plan("S").detectionOverrides(new DetectionOverrides(null, Duration.ofMinutes(20).toMillis())).build());
        assertThat(duration.corridor().confirmation().minDuration()).isEqualTo(Duration.ofMinutes(20));
        assertThat(duration.corridor().confirmation().minFixes()).isEqualTo(SETTINGS.corridor().confirmation().minFixes());
        assertThat(duration).isEqualTo(SETTINGS.withCorridor(duration.corridor()));
        assertThat(duration.corridor().defaultHalfWidthMeters()).isEqualTo(SETTINGS.corridor().defaultHalfWidthMeters());
        assertThat(duration.corridor().escalationMeters()).isEqualTo(SETTINGS.corridor().escalationMeters());
    }

    @Test
    void shouldNameTheFieldOfAnOverrideOutOfRange() {
        assertThat(Overrides.problem(null)).isNull();
        assertThat(Overrides.problem(new DetectionOverrides(1, 0L))).isNull();
        assertThat(Overrides.problem(new DetectionOverrides(0, null)))
                .contains("corridorConfirmationMinFixes is 0");
        assertThat(Overrides.problem(new DetectionOverrides(null, -1L)))
                .contains("corridorConfirmationMinDurationMillis is -1");
        assertThatThrownBy(() -> Overrides.apply(SETTINGS, plan("S").detectionOverrides(new DetectionOverrides(-2, null)).build()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
