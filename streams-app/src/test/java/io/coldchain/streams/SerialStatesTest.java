package io.coldchain.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.domain.Alert;
import io.coldchain.rules.Outcome;
import io.coldchain.rules.serial.Declaration;
import io.coldchain.rules.serial.Retraction;
import io.coldchain.rules.serial.SerialRules;
import io.coldchain.rules.serial.SerialSettings;
import io.coldchain.rules.serial.SerialState;
import io.coldchain.rules.serial.Sighting;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * {@link SerialStates} keeps the serial in hand instead of reading it back from the store: these tests hold it to
 * what reading the store every time gives (same alerts, same stored states and index) and to its encoded round trip.
 */
class SerialStatesTest {

    private static final long T0 = Instant.parse("2026-11-02T06:00:00Z").toEpochMilli();
    private static final String S1 = "00614141123452.S1";
    private static final String S2 = "00614141123452.S2";
    private static final String GENUINE = "7601234000017";
    private static final String CONSIGNEE = "4098765000005";

    private final SerialRules rules = new SerialRules(SerialSettings.defaults());
    private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    private final StateSerde<SerialState> serde = new StateSerde<>(SerialState.class);

    /** One step of a scenario, run against a {@link SerialStates}. */
    private interface Step extends Function<SerialStates, List<Alert>> {
    }

    @Test
    void shouldRaiseTheSameAlertsAndStoreTheSameStateAsReadingTheStoreForEveryInput() {
        final StorePair cached = stores("cached");
        final StorePair reread = stores("reread");
        final SerialStates inHand = new SerialStates(rules, cached.states, cached.index);

        final List<Alert> alertsInHand = new ArrayList<>();
        final List<Alert> alertsReread = new ArrayList<>();
        for (final Step step : scenario()) {
            alertsInHand.addAll(step.apply(inHand));
            // A new instance per step holds nothing: it reads every state from the store.
            alertsReread.addAll(step.apply(new SerialStates(rules, reread.states, reread.index)));
        }

        assertThat(alertsInHand).as("the scenario raises alerts").hasSizeGreaterThanOrEqualTo(3);
        assertThat(alertsInHand).isEqualTo(alertsReread);
        assertThat(contents(cached.states)).isEqualTo(contents(reread.states)).isNotEmpty();
        assertThat(contents(cached.index)).isEqualTo(contents(reread.index)).isNotEmpty();
    }

    @Test
    void shouldKeepOnlyStatesThatDecodeEqualToThemselves() {
        final StorePair stores = stores("round-trip");
        final SerialStates states = new SerialStates(rules, stores.states, stores.index);
        final List<SerialState> seen = new ArrayList<>();
        for (final Step step : scenario()) {
            step.apply(states);
            for (final KeyValue<String, SerialState> entry : contents(stores.states)) {
                seen.add(entry.value);
            }
        }

        assertThat(seen).as("the scenario fills every part of a state")
                .anyMatch(s -> !s.pending().isEmpty())
                .anyMatch(s -> s.spans().size() > 1)
                .anyMatch(s -> !s.findings().isEmpty())
                .anyMatch(s -> s.endOfLife() != null)
                .anyMatch(s -> !s.retractedEventIds().isEmpty())
                .anyMatch(s -> s.commissioning() != null)
                .anyMatch(s -> s.sightings().stream().anyMatch(x -> x.latitude() != null));
        for (final SerialState state : seen) {
            assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", state))).isEqualTo(state);
        }
    }

    @Test
    void shouldReadASerialFromTheStoreOnceWhileItsInputsAreAppliedOneAfterTheOther() {
        final StorePair stores = stores("reads");
        final AtomicInteger gets = new AtomicInteger();
        final SerialStates states = new SerialStates(rules, countingGets(stores.states, gets), stores.index);

        states.apply(S1, SerialInput.declared(declaration("SHP-A", -60)));
        states.apply(S1, SerialInput.sighted(sighting("ev-1", "SHP-A", 0, "shipping", 47.5596, 7.5886)));
        states.apply(S1, SerialInput.sighted(sighting("ev-2", "SHP-A", 30, "receiving", 50.1109, 8.6821)));
        states.judgeDue(S1, T0 + Duration.ofMinutes(31).toMillis());
        assertThat(gets).hasValue(1);

        states.apply(S2, SerialInput.declared(declaration("SHP-A", -60)));
        states.apply(S1, SerialInput.sighted(sighting("ev-3", "SHP-A", 40, "storing", 50.1109, 8.6821)));
        assertThat(gets).as("another serial in between: read again").hasValue(3);
    }

    @Test
    void shouldJudgeTheSameSerialsWithTheSameAlertsWhenABudgetStopsEveryJudgementPartWay() {
        // More due serials than the index is read at a time (a thousand), each listed by two open plans: a duplicate
        // each, plus one waiting serial left out.
        final StorePair whole = stores("whole");
        final StorePair split = stores("split");
        final SerialStates once = new SerialStates(rules, whole.states, whole.index);
        final SerialStates inParts = new SerialStates(rules, split.states, split.index);
        final int serials = 2_345;
        for (final SerialStates states : List.of(once, inParts)) {
            for (int i = 0; i < serials; i++) {
                states.apply(serial(i), SerialInput.declared(declaration("SHP-A", -60)));
                states.apply(serial(i), SerialInput.declared(declaration("SHP-B", -30 + i % 7)));
            }
        }
        final long streamTime = T0 + Duration.ofMinutes(30).toMillis();
        final String waiting = serial(17);

        final List<Alert> alertsOnce = once.judgeDue(streamTime, waiting::equals);
        final List<Alert> alertsInParts = new ArrayList<>();
        int calls = 0;
        SerialStates.Judgement judgement;
        do {
            final int[] asked = {0};
            judgement = inParts.judgeDue(streamTime, waiting::equals, () -> ++asked[0] > 97);
            alertsInParts.addAll(judgement.alerts());
            calls++;
        } while (!judgement.complete());

        assertThat(calls).as("stopped part-way every time").isEqualTo((serials - 1 + 96) / 97);
        assertThat(alertsOnce).hasSize(serials - 1);
        assertThat(alertsInParts).isEqualTo(alertsOnce);
        assertThat(contents(split.states)).isEqualTo(contents(whole.states));
        assertThat(contents(split.index)).isEqualTo(contents(whole.index));
        assertThat(inParts.judgeDue(serial(17), streamTime)).as("the waiting serial, judged on its own")
                .isEqualTo(once.judgeDue(serial(17), streamTime)).hasSize(1);
    }

    private static String serial(final int i) {
        return "00614141123452.B" + i;
    }

    private List<Step> scenario() {
        final List<Step> steps = new ArrayList<>();
        steps.add(s -> apply(s, S1, SerialInput.declared(declaration("SHP-A", -60))));
        steps.add(s -> apply(s, S2, SerialInput.declared(declaration("SHP-A", -60))));
        steps.add(s -> apply(s, S1, SerialInput.sighted(sighting("ev-1", "SHP-A", 0, "shipping", 47.5596, 7.5886))));
        steps.add(s -> apply(s, S2, SerialInput.sighted(sighting("ev-1", "SHP-A", 0, "shipping", 47.5596, 7.5886))));
        // A clone in Tokyo in a shipment without a plan, five minutes later: impossible travel, pending.
        steps.add(s -> apply(s, S1, SerialInput.sighted(sighting("ev-t", "SHP-X", 5, "shipping", 35.7720, 140.3929),
                true)));
        // A second plan listing S1 while SHP-A still holds it.
        steps.add(s -> apply(s, S1, SerialInput.declared(declaration("SHP-C", 10))));
        steps.add(s -> s.judgeDue(S1, T0 + Duration.ofMinutes(20).toMillis()));
        steps.add(s -> s.judgeDue(T0 + Duration.ofMinutes(30).toMillis()));
        steps.add(s -> apply(s, S2, SerialInput.sighted(sighting("ev-2", "SHP-A", 60, "dispensing", 50.1109, 8.6821))));
        steps.add(s -> apply(s, S2, SerialInput.sighted(sighting("ev-3", "SHP-A", 120, "shipping", 50.1109, 8.6821))));
        steps.add(s -> apply(s, S2, SerialInput.sighted(sighting("ev-3", "SHP-A", 120, "shipping", 50.1109, 8.6821))));
        steps.add(s -> apply(s, S1, SerialInput.retracted(new Retraction("ev-t", "SHP-X",
                T0 + Duration.ofHours(3).toMillis(), "incorrect_data", List.of()))));
        steps.add(s -> apply(s, SerialInput.INVALID_KEY_PREFIX + "not-a-serial", SerialInput.invalid(
                sighting("ev-9", "SHP-A", 130, "shipping", null, null), "not an SGTIN")));
        steps.add(s -> apply(s, S1, SerialInput.sighted(sighting("ev-4", "SHP-Y", 150, "shipping", null, null), true)));
        steps.add(s -> s.judgeAllPending(() -> false).alerts());
        steps.add(s -> {
            s.sweep(Instant.parse("2030-01-01T00:00:00Z").toEpochMilli(), 1);
            return List.of();
        });
        steps.add(s -> apply(s, S2, SerialInput.sighted(sighting("ev-5", "SHP-A", 200, "receiving", 50.1109, 8.6821))));
        steps.add(s -> {
            s.sweep(Instant.parse("2030-01-01T00:00:00Z").toEpochMilli(), 10);
            return List.of();
        });
        steps.add(s -> apply(s, S2, SerialInput.declared(declaration("SHP-D", 300))));
        return steps;
    }

    private static List<Alert> apply(final SerialStates states, final String key, final SerialInput input) {
        final Outcome<SerialState> outcome = states.apply(key, input);
        return outcome.alerts();
    }

    private static Declaration declaration(final String shipmentId, final int minutesAfterT0) {
        return new Declaration(shipmentId, "L42", "2027-06-30", true, T0 + Duration.ofMinutes(minutesAfterT0).toMillis(),
                List.of(CONSIGNEE));
    }

    private static Sighting sighting(final String eventId, final String shipmentId, final int minutesAfterT0,
                                     final String bizStep, final Double lat, final Double lon) {
        return new Sighting(eventId, "fp-" + eventId, T0 + Duration.ofMinutes(minutesAfterT0).toMillis(), "OBSERVE",
                bizStep, "in_transit", shipmentId, GENUINE, "Basel Pharma", lat == null ? null : "Site " + eventId,
                "4012345000009", lat, lon, null, "L42", "2027-06-30");
    }

    private record StorePair(KeyValueStore<String, SerialState> states, KeyValueStore<String, String> index) {
    }

    private StorePair stores(final String name) {
        final KeyValueStore<String, SerialState> states = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(name + "-states"), Serdes.String(), serde).withLoggingDisabled().build();
        final KeyValueStore<String, String> index = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(name + "-index"), Serdes.String(), Serdes.String()).withLoggingDisabled().build();
        states.init(context.getStateStoreContext(), states);
        index.init(context.getStateStoreContext(), index);
        return new StorePair(states, index);
    }

    private static <V> List<KeyValue<String, V>> contents(final KeyValueStore<String, V> store) {
        final List<KeyValue<String, V>> all = new ArrayList<>();
        try (KeyValueIterator<String, V> it = store.all()) {
            it.forEachRemaining(all::add);
        }
        return all;
    }

    @SuppressWarnings("unchecked")
    private static KeyValueStore<String, SerialState> countingGets(final KeyValueStore<String, SerialState> store,
                                                                   final AtomicInteger gets) {
        return (KeyValueStore<String, SerialState>) Proxy.newProxyInstance(SerialStatesTest.class.getClassLoader(),
                new Class<?>[] {KeyValueStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("get")) {
                        gets.incrementAndGet();
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
