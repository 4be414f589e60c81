package io.coldchain.sim.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.coldchain.sim.Fixtures;
import io.coldchain.sim.Simulation;
import io.coldchain.sim.SimulationSettings;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class IncidentMixTest {

    @Test
    void shouldDrawEachTypeAtItsRateAndNothingOtherwise() {
        final IncidentMix mix = IncidentMix.none().withRate(IncidentType.DETOUR, 0.2)
                .withRate(IncidentType.GPS_OUTLIER, 0.1);
        final SplittableRandom rng = new SplittableRandom(1);
        final Map<IncidentType, Integer> counts = new EnumMap<>(IncidentType.class);
        int nothing = 0;
        for (int k = 1; k <= 20_000; k++) {
            final IncidentType type = mix.choose(k, rng);
            if (type == null) {
                nothing++;
            } else {
                counts.merge(type, 1, Integer::sum);
            }
        }
        assertThat(counts).containsOnlyKeys(IncidentType.DETOUR, IncidentType.GPS_OUTLIER);
        assertThat(counts.get(IncidentType.DETOUR) / 20_000.0).isCloseTo(0.2, within(0.015));
        assertThat(counts.get(IncidentType.GPS_OUTLIER) / 20_000.0).isCloseTo(0.1, within(0.015));
        assertThat(nothing / 20_000.0).isCloseTo(0.7, within(0.015));
    }

    @Test
    void shouldCycleThroughEveryTypeThenLeaveAShipmentCleanInAllMode() {
        final List<IncidentType> types = IncidentType.drawable();
        final int cycle = types.size() + 1;
        final List<IncidentType> first = IntStream.rangeClosed(1, cycle)
                .mapToObj(k -> IncidentMix.all().choose(k, new SplittableRandom(k))).toList();
        assertThat(first.subList(0, types.size())).containsExactlyElementsOf(types);
        assertThat(first.get(types.size())).isNull();
        assertThat(IncidentMix.all().choose(cycle + 3, new SplittableRandom(0))).isEqualTo(types.get(2));
        assertThat(types).doesNotContain(IncidentType.WARM_SPELL);
    }

    @Test
    void shouldOfferEveryIncidentAndConfounderInTheDefaultMix() {
        final IncidentMix mix = IncidentMix.defaults();
        assertThat(mix.rates()).containsOnlyKeys(IncidentType.drawable());
        assertThat(mix.rates().get(IncidentType.THEFT_STOP)).isEqualTo(0.01);
        assertThat(mix.rates().get(IncidentType.TRAFFIC_STOP)).isEqualTo(0.02);
        assertThat(mix.describe()).startsWith("default");
        assertThat(IncidentMix.none().isNone()).isTrue();
    }

    @Test
    void shouldRejectImpossibleRates() {
        assertThatThrownBy(() -> IncidentMix.none().withRate(IncidentType.DETOUR, 0.7).withRate(IncidentType.FREEZING, 0.4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("add up to");
        assertThatThrownBy(() -> IncidentMix.none().withRate(IncidentType.DETOUR, 1.5))
                .hasMessageContaining("within 0..1");
        assertThatThrownBy(() -> IncidentMix.none().withRate(IncidentType.WARM_SPELL, 0.1))
                .hasMessageContaining("warm fraction");
    }

    @Test
    void shouldGiveAShipmentTheSameIncidentWhateverTheNumberOfShipments() {
        final SimulationSettings few = Fixtures.settings().withShipments(20).withIncidents(IncidentMix.defaults()
                .withRate(IncidentType.THEFT_STOP, 0.3));
        final SimulationSettings many = few.withShipments(200);
        assertThat(Simulation.labels(few).toList())
                .isEqualTo(Simulation.labels(many).filter(l -> l.shipmentId().compareTo("SHP-000020") <= 0).toList());
    }

    @Test
    void shouldLetTheWarmFractionTakePrecedence() {
        final SimulationSettings settings = Fixtures.settings().withShipments(40).withWarmFraction(0.25)
                .withIncidents(IncidentMix.all());
        final List<IncidentLabel> labels = Simulation.labels(settings).toList();
        assertThat(labels.stream().filter(l -> l.type().equals("WARM_SPELL"))).hasSize(10);
        assertThat(labels.stream().map(IncidentLabel::shipmentId).distinct()).hasSameSizeAs(labels);
    }
}
