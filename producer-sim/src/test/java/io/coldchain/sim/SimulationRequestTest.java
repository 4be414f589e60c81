package io.coldchain.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coldchain.errors.UserError;
import io.coldchain.sim.incidents.IncidentMix;
import io.coldchain.sim.incidents.IncidentType;
import io.coldchain.sim.model.Conventions;
import io.coldchain.sim.network.Realism;
import io.coldchain.sim.publish.Pacing;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulationRequestTest {

    private static final Instant NOW = Instant.parse("2025-03-03T12:00:30Z");

    @Test
    void shouldStartFromTheDefaultsOfTheFlags() {
        final SimulationRequest request = SimulationRequest.builder().start("2025-03-03T06:00:00Z").build(NOW);

        assertThat(request.settings()).isEqualTo(SimulationSettings.defaults(Fixtures.START)
                .withIncidents(IncidentMix.defaults()));
        assertThat(request.pacing()).isEqualTo(Pacing.timesRealTime(60));
        assertThat(request.span()).isEqualTo(Simulation.span(request.settings()));
        assertThat(request.anchored()).isFalse();
        assertThat(request.now()).isEqualTo(NOW);
        assertThat(request.labels()).isNull();
        assertThat(request.dryRun()).isFalse();
    }

    @Test
    void shouldAnchorTheStartToTheWallClockWhenNoneIsGiven() {
        final SimulationRequest request = SimulationRequest.builder().speed(0).build(NOW);

        assertThat(request.anchored()).isTrue();
        assertThat(request.settings().start()).isEqualTo(NOW.minus(request.span()).truncatedTo(ChronoUnit.MINUTES));
        assertThat(SimulationRequest.builder().start("now").build(NOW).settings().start())
                .isEqualTo(Instant.parse("2025-03-03T12:00:00Z"));
    }

    @Test
    void shouldApplyTheIndividualValuesOnTopOfTheirPresets() {
        final SimulationRequest request = SimulationRequest.builder().start("now")
                .incidents(IncidentMix.Preset.NONE).incidentRates(Map.of(IncidentType.DETOUR, 0.2))
                .networkRealism(true).clockSkew(Duration.ofSeconds(5))
                .legacyConventions(true).silentCarrierShare(1.0).noHubStoring(true)
                .rate(500.0).labels(Path.of("labels.jsonl")).dryRun(true)
                .build(NOW);

        assertThat(request.settings().incidents()).isEqualTo(IncidentMix.none().withRate(IncidentType.DETOUR, 0.2));
        assertThat(request.settings().realism()).isEqualTo(Realism.preset().withLoggerClockSkew(Duration.ofSeconds(5)));
        assertThat(request.settings().conventions()).isEqualTo(Conventions.legacy().withSilentCarrierShare(1)
                .withHubStoring(false));
        assertThat(request.pacing()).isEqualTo(new Pacing(60, 500));
        assertThat(request.labels()).isEqualTo(Path.of("labels.jsonl"));
        assertThat(request.dryRun()).isTrue();
    }

    @Test
    void shouldRejectValuesThatDoNotGoTogetherInOneLineNamingTheFlag() {
        assertThatThrownBy(() -> SimulationRequest.builder().rate(0.0).build(NOW)).isInstanceOf(UserError.class)
                .hasMessage("--rate must be a positive number of events per second, got 0.0");
        assertThatThrownBy(() -> SimulationRequest.builder().shipments(0).build(NOW)).isInstanceOf(UserError.class)
                .hasMessage("--shipments must be at least 1, got 0");
        assertThatThrownBy(() -> SimulationRequest.builder().incidents(IncidentMix.Preset.ALL)
                .incidentRates(Map.of(IncidentType.DETOUR, 0.1)).build(NOW)).isInstanceOf(UserError.class)
                .hasMessage("--incident-rate cannot be combined with --incidents all");
        assertThatThrownBy(() -> SimulationRequest.builder().start("yesterday").build(NOW))
                .isInstanceOf(UserError.class).hasMessageStartingWith("--start 'yesterday' is not an ISO-8601 instant");
        assertThatThrownBy(() -> SimulationRequest.builder().warmFraction(1.5).build(NOW))
                .isInstanceOf(UserError.class).hasMessage("warm fraction must be within 0..1, got 1.5");
        assertThatThrownBy(() -> SimulationRequest.builder().otherLoggerShare(-1.0).build(NOW))
                .isInstanceOf(UserError.class).hasMessageContaining("must be within 0..1");
    }
}
