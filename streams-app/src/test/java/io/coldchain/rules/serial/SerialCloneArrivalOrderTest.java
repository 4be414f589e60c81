package io.coldchain.rules.serial;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.domain.Alert;
import io.coldchain.domain.AlertStatus;
import io.coldchain.rules.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cloned pack of the simulator's seed 42, 300 shipments from 2026-12-01T16:00Z (SHP-000256 lists it and ships it
 * from Vienna; the clone is scanned 10 min later in Munich in SHP-000257, whose plans do not list it): the serial checks
 * must reach the same findings whichever order its inputs arrive in before the sighting in SHP-000257 is judged.
 *
 * <p>Each shipment's scans come through one partition, so they arrive in their own order; the plan and the two
 * shipments' scans come from different upstream tasks and interleave as those tasks' pace decides. A loaded replay
 * gave an extra finding when the clone's scan arrived before the original's shipping scan: the pending sighting had
 * remembered at arrival that no earlier neighbour made a finding with it, and was then also held against the plan of
 * SHP-000256 (an alert per sighting and rule, where the in-order stream gives one per sighting).
 */
class SerialCloneArrivalOrderTest {

    private static final String SERIAL = "08712345000486.0NQK69RQP9KZ7";
    private static final String MUNICH_DC = "4004242000053";
    private static final SerialFixtures.Place VIENNA = new SerialFixtures.Place("Vienna DC", 48.2082, 16.3738);
    private static final SerialFixtures.Place MUNICH = new SerialFixtures.Place("Munich DC", 48.1351, 11.582);
    private static final SerialFixtures.Place BRUSSELS = new SerialFixtures.Place("Brussels DC", 50.8503, 4.3517);

    /** SHP-000256's plan: published the day before, delivering to Munich DC. */
    private static final Input PLAN_256 = new Input("plan-256", new Declaration("SHP-000256", "PC26S6ZV",
            "2029-08-31", true, millis("2026-11-30T18:08:18Z"), List.of(MUNICH_DC)), null);
    private static final Input SHIP_256 = scan("ship-256", "urn:uuid:7e96348b-6b90-3865-a5f7-bd5c0870f90e",
            "SHP-000256", "2026-12-01T16:04:19Z", VIENNA,
            "9004242000157", "shipping", "in_transit");
    private static final Input CLONE_257 = scan("clone-257", "urn:uuid:31c49a9d-105d-34d5-b289-bb5ed84ee897",
            "SHP-000257", "2026-12-01T16:14:45.295Z", MUNICH,
            MUNICH_DC, "shipping", "in_transit");
    private static final Input RECEIVE_256 = scan("receive-256", "urn:uuid:ca8e48d2-e755-38d9-88df-8a82974d5f4f",
            "SHP-000256", "2026-12-01T20:19:55.387Z", MUNICH,
            MUNICH_DC, "receiving", "in_progress");
    private static final Input STORE_256 = scan("store-256", "urn:uuid:02540f71-0498-3d7e-b5d0-d53811600e0d",
            "SHP-000256", "2026-12-01T20:27:20.387Z", MUNICH,
            MUNICH_DC, "storing", "active");
    private static final Input RECEIVE_257 = scan("receive-257", "urn:uuid:18aac0fa-2694-3c47-8aff-4eb70ce46b68",
            "SHP-000257", "2026-12-01T23:28:42.341Z", BRUSSELS,
            "5404242000111", "receiving", "in_progress");

    /**
     * What the stream in event time reports, one finding per sighting, with the ids of the replays: the clone's trip
     * from Vienna ({@code 6c12e285-…}) and the original's receipt in Munich while the clone is in transit
     * ({@code 42354f5a-…}). The loaded replay also reported the clone against SHP-000256's plan ({@code 1a135ff1-…}).
     */
    private static final List<String> IN_ORDER = List.of("6c12e285-8af3-3cd0-bae1-f3d2c892a85c",
            "42354f5a-f35e-329b-8136-9324a271a5dd");

    private final SerialRules rules = new SerialRules(SerialSettings.defaults());

    static Stream<Arguments> arrivalOrders() {
        final List<List<Input>> orders = new ArrayList<>();
        interleave(List.of(List.of(PLAN_256), List.of(SHIP_256, RECEIVE_256, STORE_256),
                List.of(CLONE_257, RECEIVE_257)), new ArrayList<>(), orders);
        return orders.stream().map(order -> Arguments.of(order.stream().map(Input::name).toList(), order));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("arrivalOrders")
    void shouldReportTheCloneAsTheInOrderStreamDoesWhateverOrderItsInputsArriveInWithinTheGrace(
            final List<String> names, final List<Input> arrival) {
        final Map<String, AlertStatus> statuses = new LinkedHashMap<>();
        SerialState state = null;
        for (final Input input : arrival) {
            state = record(input.apply(rules, state), statuses);
        }
        record(rules.onDue(SERIAL, state, millis("2026-12-02T16:00:00Z")), statuses);

        assertThat(statuses).as("findings after %s", names).containsOnlyKeys(IN_ORDER)
                .allSatisfy((id, status) -> assertThat(status).isEqualTo(AlertStatus.OPEN));
    }

    private static SerialState record(final Outcome<SerialState> outcome, final Map<String, AlertStatus> statuses) {
        for (final Alert alert : outcome.alerts()) {
            statuses.put(alert.alertId(), alert.status());
        }
        return outcome.state();
    }

    /** Every merge of {@code streams} that keeps each one's own order. */
    private static void interleave(final List<List<Input>> streams, final List<Input> prefix,
                                   final List<List<Input>> out) {
        if (streams.stream().allMatch(List::isEmpty)) {
            out.add(List.copyOf(prefix));
            return;
        }
        for (int i = 0; i < streams.size(); i++) {
            final List<Input> stream = streams.get(i);
            if (stream.isEmpty()) {
                continue;
            }
            final List<List<Input>> rest = new ArrayList<>(streams);
            rest.set(i, stream.subList(1, stream.size()));
            prefix.add(stream.get(0));
            interleave(rest, prefix, out);
            prefix.remove(prefix.size() - 1);
        }
    }

    private static Input scan(final String name, final String eventId, final String shipment, final String time,
                              final SerialFixtures.Place place, final String custodianGln, final String bizStep,
                              final String disposition) {
        return new Input(name, null, SerialFixtures.sighting(eventId).in(shipment).at(place)
                .after(Duration.between(SerialFixtures.T0, Instant.parse(time))).custodian(custodianGln)
                .step(bizStep, disposition).lot("PC26S6ZV").expiry("2029-08-31").build());
    }

    private static long millis(final String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    /** A plan's declaration of the serial or a scan's sighting of it. */
    record Input(String name, Declaration declaration, Sighting sighting) {
        Outcome<SerialState> apply(final SerialRules rules, final SerialState state) {
            return declaration != null ? rules.onDeclared(SERIAL, state, declaration)
                    : rules.onSighted(SERIAL, state, sighting);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
