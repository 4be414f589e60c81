package io.coldchain.sim.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coldchain.schemas.AlertType;
import io.coldchain.sim.Fixtures;
import io.coldchain.sim.Simulation;
import io.coldchain.sim.SimulationSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncidentLabelTest {

    private final IncidentLabel theftStop = IncidentLabel.of(IncidentType.THEFT_STOP, "SHP-000007", null,
            1_741_000_000_000L, 1_741_002_400_000L, null);

    @Test
    void shouldWriteOneLineOfJsonWithTheDocumentedFields() {
        assertThat(theftStop.toJson()).isEqualTo("{\"type\":\"THEFT_STOP\",\"expectedAlertTypes\":[\"UNSCHEDULED_STOP\"],"
                + "\"shipmentId\":\"SHP-000007\",\"serial\":null,\"start\":1741000000000,\"end\":1741002400000,"
                + "\"sideEffectAlertTypes\":[\"ROUTE_DEVIATION\",\"DELAY\"],\"relatedShipmentId\":null,"
                + "\"confounder\":false}");
    }

    @Test
    void shouldReadBackWhatItWrites() {
        final IncidentLabel clone = IncidentLabel.of(IncidentType.CLONED_SERIAL, "SHP-000002", "00614141123452.ABC",
                5, 9, "SHP-000001");
        assertThat(IncidentLabel.fromJson(clone.toJson())).isEqualTo(clone);
        assertThat(IncidentLabel.fromJson(theftStop.toJson())).isEqualTo(theftStop);
    }

    @Test
    void shouldReadTheMinimalFormAndTreatALabelWithoutExpectedTypesAsAConfounder() {
        final IncidentLabel minimal = IncidentLabel.fromJson("{\"type\":\"X\",\"expectedAlertTypes\":[\"DELAY\"],"
                + "\"shipmentId\":\"S\",\"start\":1,\"end\":2,\"extra\":true}");
        assertThat(minimal.expectedAlertTypes()).containsExactly(AlertType.DELAY);
        assertThat(minimal.sideEffectAlertTypes()).isEmpty();
        assertThat(minimal.confounder()).isFalse();
        assertThat(IncidentLabel.fromJson("{\"type\":\"Y\",\"expectedAlertTypes\":[],\"shipmentId\":\"S\",\"start\":1,"
                + "\"end\":2}").confounder()).isTrue();
    }

    @Test
    void shouldSayWhatIsWrongWithABadLine() {
        assertThatThrownBy(() -> IncidentLabel.fromJson("{nope")).hasMessageStartingWith("not JSON");
        assertThatThrownBy(() -> IncidentLabel.fromJson("[]")).hasMessage("not a JSON object");
        assertThatThrownBy(() -> IncidentLabel.fromJson("{\"type\":\"X\",\"expectedAlertTypes\":[],\"start\":1,\"end\":2}"))
                .hasMessage("missing \"shipmentId\"");
        assertThatThrownBy(() -> IncidentLabel.fromJson("{\"type\":\"X\",\"expectedAlertTypes\":[\"FIRE\"],"
                + "\"shipmentId\":\"S\",\"start\":1,\"end\":2}")).hasMessageContaining("'FIRE', which is not an alert type");
        assertThatThrownBy(() -> IncidentLabel.fromJson("{\"type\":\"X\",\"expectedAlertTypes\":[],"
                + "\"shipmentId\":\"S\",\"start\":\"soon\",\"end\":2}")).hasMessageContaining("\"start\" must be epoch");
        assertThatThrownBy(() -> IncidentLabel.fromJson("{\"type\":\"X\",\"expectedAlertTypes\":[],"
                + "\"shipmentId\":\"S\",\"start\":3,\"end\":2}")).hasMessageContaining("ends");
    }

    @Test
    void shouldLabelEveryInjectedShipmentOnceAndCopyTheTypesContract() {
        final SimulationSettings settings = Fixtures.settings().withShipments(34).withWarmFraction(0)
                .withIncidents(IncidentMix.all());
        final List<IncidentLabel> labels = Simulation.labels(settings).toList();
        assertThat(labels).extracting(IncidentLabel::type).containsAll(
                IncidentType.drawable().stream().map(Enum::name).toList());
        assertThat(labels).allSatisfy(l -> {
            final IncidentType type = IncidentType.valueOf(l.type());
            assertThat(l.expectedAlertTypes()).isEqualTo(type.expectedAlertTypes());
            assertThat(l.sideEffectAlertTypes()).isEqualTo(type.sideEffectAlertTypes());
            assertThat(l.confounder()).isEqualTo(type.confounder());
            assertThat(l.end()).isGreaterThanOrEqualTo(l.start());
            assertThat(l.start()).isGreaterThan(settings.start().toEpochMilli());
        });
    }
}
