package io.coldchain.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coldchain.contract.Contracts;
import io.coldchain.contract.DomainSerde;
import io.coldchain.domain.ShipmentPlan;
import io.coldchain.schemas.ShipmentStatus;
import io.coldchain.serde.AvroSerdes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.VersionedKeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PlansInForce} and {@link DeliveryTimes} remembering what they read: the same answers as the store at every
 * question, on Kafka's own RocksDB versioned store, and fewer reads.
 */
class PlansInForceTest {

    private static final long T0 = 1_800_000_000_000L;
    private static final long HOUR = 3_600_000L;
    private static final Duration HISTORY = Duration.ofDays(2);

    @TempDir
    Path stateDir;
    private VersionedKeyValueStore<String, ShipmentPlan> store;
    private KeyValueStore<String, Long> deliveries;
    private final ShipmentChangeNotices notices = new ShipmentChangeNotices(ShipmentChangeNotices.STORE);
    private final List<PlansInForce> opened = new ArrayList<>();

    @BeforeEach
    void openStores() {
        final MockProcessorContext<Object, Object> context = new MockProcessorContext<>(new Properties(),
                new TaskId(0, 0), stateDir.toFile());
        store = Stores.versionedKeyValueStoreBuilder(Stores.persistentVersionedKeyValueStore("plans", HISTORY),
                        Serdes.String(), DomainSerde.plans(AvroSerdes.local().value(io.coldchain.schemas.ShipmentPlan.class)))
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        deliveries = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("deliveries"), Serdes.String(),
                Serdes.Long()).withLoggingDisabled().build();
        deliveries.init(context.getStateStoreContext(), deliveries);
    }

    @AfterEach
    void closeStores() {
        opened.forEach(PlansInForce::close);
        if (store != null) {
            store.close();
        }
        if (deliveries != null) {
            deliveries.close();
        }
    }

    private PlansInForce detectors() {
        final PlansInForce plans = PlansInForce.forDetectors(store, notices, HISTORY);
        opened.add(plans);
        return plans;
    }

    /** A plan as the detectors' reader answers it: without its serials. */
    private static ShipmentPlan seen(final ShipmentPlan plan) {
        return plan == null ? null : plan.withoutSerials();
    }

    private static ShipmentPlan plan(final String shipmentId, final long issuedAt, final ShipmentStatus status) {
        return Contracts.toDomain(Plans.baselToFrankfurt(shipmentId).setIssuedAt(issuedAt).setStatus(status).build());
    }

    /** A write as the topology makes it: the notice first, then the table's write. */
    private void write(final String shipmentId, final ShipmentPlan plan, final long at) {
        notices.planWritten(shipmentId, at);
        store.put(shipmentId, plan, at);
    }

    @Test
    void shouldAnswerAsTheStoreDoesWhileVersionsComeIntoForceAndArriveOutOfOrder() {
        final PlansInForce remembering = detectors();
        final PlansInForce reading = new PlansInForce(store);
        final ShipmentPlan first = plan("SHP-1", T0, ShipmentStatus.IN_TRANSIT);
        final ShipmentPlan delivered = plan("SHP-1", T0 + 10 * HOUR, ShipmentStatus.DELIVERED);
        write("SHP-1", first, T0);
        write("SHP-1", delivered, T0 + 10 * HOUR);

        for (long t = T0 - HOUR; t < T0 + 12 * HOUR; t += HOUR / 4) {
            assertThat(remembering.inForce("SHP-1", t)).as("at %d", t).isEqualTo(seen(reading.inForce("SHP-1", t)));
            assertThat(remembering.deliveredSince("SHP-1", t)).as("at %d", t).isEqualTo(reading.deliveredSince("SHP-1", t));
        }
        // Asked again for the same times, it reads nothing: the version in transit is known in force through the
        // latest time it was read for, the DELIVERED version (the latest) until the next write.
        final long reads = remembering.storeReads();
        for (long t = T0; t < T0 + 12 * HOUR; t += HOUR / 4) {
            assertThat(remembering.inForce("SHP-1", t)).as("at %d", t).isEqualTo(seen(reading.inForce("SHP-1", t)));
        }
        assertThat(remembering.storeReads()).isEqualTo(reads);
        assertThat(remembering.deliveredSince("SHP-1", T0 + 10 * HOUR)).isEqualTo(T0 + 10 * HOUR);

        // A correction issued in between, arriving last (older than the latest version): seen at once.
        final ShipmentPlan corrected = plan("SHP-1", T0 + 5 * HOUR, ShipmentStatus.IN_TRANSIT);
        assertThat(corrected).isNotEqualTo(first);
        write("SHP-1", corrected, T0 + 5 * HOUR);
        assertThat(remembering.inForce("SHP-1", T0 + 6 * HOUR)).isEqualTo(corrected.withoutSerials());
        assertThat(remembering.inForce("SHP-1", T0 + 4 * HOUR)).isEqualTo(first.withoutSerials());
        assertThat(remembering.inForce("SHP-1", T0 + 11 * HOUR)).isEqualTo(delivered.withoutSerials());

        // A tombstone closes the shipment: no plan from then on, as the store says.
        write("SHP-1", null, T0 + 11 * HOUR);
        assertThat(remembering.inForce("SHP-1", T0 + 12 * HOUR)).isNull();
        assertThat(reading.inForce("SHP-1", T0 + 12 * HOUR)).isNull();
        assertThat(remembering.inForce("SHP-1", T0 + 10 * HOUR + 1)).isEqualTo(delivered.withoutSerials());
    }

    @Test
    void shouldReadTheStoreOnceForManyQuestionsUntilTheShipmentsPlanIsWritten() {
        final PlansInForce remembering = detectors();
        write("SHP-1", plan("SHP-1", T0, ShipmentStatus.IN_TRANSIT), T0);
        write("SHP-2", plan("SHP-2", T0, ShipmentStatus.IN_TRANSIT), T0);
        final long before = remembering.storeReads();
        for (long t = T0; t < T0 + HOUR; t += 1_000) {
            remembering.inForce("SHP-1", t);
            remembering.inForce("SHP-2", t);
        }
        // Per shipment: the version at its first question, and the check that it is the latest.
        assertThat(remembering.storeReads() - before).isEqualTo(4);

        write("SHP-2", plan("SHP-2", T0 + HOUR, ShipmentStatus.DELIVERED), T0 + HOUR);
        final long after = remembering.storeReads();
        remembering.inForce("SHP-1", T0 + 2 * HOUR);
        assertThat(remembering.storeReads()).as("another shipment's write forgets nothing of SHP-1").isEqualTo(after);
        assertThat(remembering.deliveredSince("SHP-2", T0 + 2 * HOUR)).isEqualTo(T0 + HOUR);
        assertThat(remembering.storeReads()).isGreaterThan(after);
    }

    @Test
    void shouldTellWhetherAShipmentHasAPlanFromMemoryUntilItsPlanIsWritten() {
        final PlansInForce remembering = detectors();
        final PlansInForce reading = new PlansInForce(store);
        assertThat(remembering.hasPlan("SHP-1")).isFalse();
        final long none = remembering.storeReads();
        assertThat(remembering.hasPlan("SHP-1")).as("no plan is remembered too").isFalse();
        assertThat(remembering.storeReads()).isEqualTo(none);

        write("SHP-1", plan("SHP-1", T0, ShipmentStatus.IN_TRANSIT), T0);
        assertThat(remembering.hasPlan("SHP-1")).as("the write was noticed").isTrue();
        final long planned = remembering.storeReads();
        for (int i = 0; i < 100; i++) {
            assertThat(remembering.hasPlan("SHP-1")).isTrue();
        }
        assertThat(remembering.storeReads()).as("one read for many questions").isEqualTo(planned);
        assertThat(remembering.inForce("SHP-1", T0 + HOUR)).isEqualTo(seen(reading.inForce("SHP-1", T0 + HOUR)));

        write("SHP-1", null, T0 + HOUR); // closed by a tombstone: no plan, as the plain reader says
        assertThat(remembering.hasPlan("SHP-1")).isFalse();
        assertThat(reading.hasPlan("SHP-1")).isFalse();
        assertThat(remembering.inForce("SHP-1", T0 + 2 * HOUR)).isEqualTo(reading.inForce("SHP-1", T0 + 2 * HOUR));
        write("SHP-1", plan("SHP-1", T0 + 2 * HOUR, ShipmentStatus.IN_TRANSIT), T0 + 2 * HOUR);
        assertThat(remembering.hasPlan("SHP-1")).isTrue();
        assertThat(reading.hasPlan("SHP-1")).isTrue();
    }

    @Test
    void shouldNotAnswerFromMemoryForATimeTheStoreHasLetGo() {
        final PlansInForce remembering = detectors();
        final PlansInForce reading = new PlansInForce(store);
        final ShipmentPlan first = plan("SHP-1", T0, ShipmentStatus.IN_TRANSIT);
        write("SHP-1", first, T0);
        write("SHP-1", plan("SHP-1", T0 + HOUR, ShipmentStatus.IN_TRANSIT), T0 + HOUR);
        assertThat(remembering.inForce("SHP-1", T0 + 1)).isEqualTo(first.withoutSerials());

        // Another shipment's plan moves the store's time on: the history of SHP-1 before it falls out of the store.
        write("SHP-9", plan("SHP-9", T0 + HISTORY.toMillis() + 2 * HOUR, ShipmentStatus.IN_TRANSIT),
                T0 + HISTORY.toMillis() + 2 * HOUR);
        assertThat(remembering.inForce("SHP-1", T0 + 1)).isEqualTo(seen(reading.inForce("SHP-1", T0 + 1)));
        assertThat(remembering.deliveredSince("SHP-1", T0 + 1)).isEqualTo(reading.deliveredSince("SHP-1", T0 + 1));
    }

    @Test
    void shouldNotTakeTheHorizonFromALatestVersionAfterARestore() {
        // Written before the memory began, unnoticed, as a restore from the changelog writes them: the store's time is
        // then the newest of them, and its history reaches two days back from it.
        final long restored = T0 + 5 * 24 * HOUR;
        final ShipmentPlan delivered = plan("SHP-A", restored - 72 * HOUR, ShipmentStatus.DELIVERED);
        final ShipmentPlan inTransit = plan("SHP-A", restored - 24 * HOUR, ShipmentStatus.IN_TRANSIT);
        store.put("SHP-B", plan("SHP-B", restored - 96 * HOUR, ShipmentStatus.IN_TRANSIT), restored - 96 * HOUR);
        store.put("SHP-A", delivered, restored - 72 * HOUR);
        store.put("SHP-A", inTransit, restored - 24 * HOUR);
        store.put("SHP-C", plan("SHP-C", restored, ShipmentStatus.IN_TRANSIT), restored);
        final PlansInForce remembering = detectors();
        final PlansInForce reading = new PlansInForce(store);

        // The store gives SHP-B's only (latest) version at a time its history has let go...
        assertThat(remembering.inForce("SHP-B", restored - 95 * HOUR)).isNotNull();
        // ... and SHP-A's older version from its history, within it ...
        assertThat(remembering.inForce("SHP-A", restored - 36 * HOUR)).isEqualTo(delivered.withoutSerials());
        // ... but nothing of SHP-A's history beyond it: there the latest plan.
        for (final long t : new long[] {restored - 60 * HOUR, restored - 49 * HOUR, restored - 36 * HOUR}) {
            assertThat(remembering.inForce("SHP-A", t)).as("at %d", t).isEqualTo(seen(reading.inForce("SHP-A", t)));
            assertThat(remembering.deliveredSince("SHP-A", t)).as("at %d", t).isEqualTo(reading.deliveredSince("SHP-A", t));
        }
        assertThat(reading.inForce("SHP-A", restored - 60 * HOUR)).isEqualTo(inTransit);
    }

    @Test
    void shouldAgreeWithTheStoreOnRandomWritesAndQuestions() {
        final Random random = new Random(20261204L);
        final PlansInForce remembering = detectors();
        final PlansInForce reading = new PlansInForce(store);
        for (int step = 0; step < 5_000; step++) {
            final String shipment = "SHP-" + random.nextInt(5);
            final long at = T0 + random.nextInt(192) * HOUR / 2; // four days: twice the history
            if (random.nextInt(50) == 0) {
                final int kind = random.nextInt(10);
                write(shipment, kind == 0 ? null : plan(shipment, at, kind < 4 ? ShipmentStatus.DELIVERED
                        : ShipmentStatus.IN_TRANSIT), at);
            } else {
                // Whether there is a plan asked before or after the plan in force: either may begin what is remembered.
                final int asked = step;
                final Runnable hasPlan = () -> assertThat(remembering.hasPlan(shipment)).as("step %d", asked)
                        .isEqualTo(reading.latest(shipment) != null);
                final boolean hasPlanFirst = random.nextBoolean();
                if (hasPlanFirst) {
                    hasPlan.run();
                }
                assertThat(remembering.inForce(shipment, at)).as("step %d", step).isEqualTo(seen(reading.inForce(shipment, at)));
                assertThat(remembering.deliveredSince(shipment, at)).as("step %d", step)
                        .isEqualTo(reading.deliveredSince(shipment, at));
                if (!hasPlanFirst) {
                    hasPlan.run();
                }
            }
        }
        // Random times across two days are the memory's worst case (a plan read for many times, mostly in order, its
        // best): it still reads less, never more.
        assertThat(remembering.storeReads()).isLessThan(reading.storeReads());
    }

    @Test
    void shouldShareOnePlanPerShipmentAmongTheTasksDetectorsAndBeginAgainAfterTheLastCloses() {
        final PlansInForce temperature = detectors();
        final PlansInForce route = detectors();
        write("SHP-1", plan("SHP-1", T0, ShipmentStatus.IN_TRANSIT), T0);
        final ShipmentPlan seenByTemperature = temperature.inForce("SHP-1", T0 + HOUR);
        final long routeReads = route.storeReads();
        // The same object, not an equal copy decoded again: a task holds a shipment's plan once.
        assertThat(route.inForce("SHP-1", T0 + HOUR)).isSameAs(seenByTemperature);
        assertThat(route.storeReads()).as("answered from what the other detector read").isEqualTo(routeReads);

        // A write forgets it for both.
        final ShipmentPlan delivered = plan("SHP-1", T0 + 2 * HOUR, ShipmentStatus.DELIVERED);
        write("SHP-1", delivered, T0 + 2 * HOUR);
        assertThat(route.inForce("SHP-1", T0 + 3 * HOUR)).isEqualTo(delivered.withoutSerials());
        assertThat(temperature.inForce("SHP-1", T0 + 3 * HOUR)).isSameAs(route.inForce("SHP-1", T0 + 3 * HOUR));

        // One closing (twice: a second close changes nothing) leaves the other's memory as it was ...
        temperature.close();
        temperature.close();
        final long before = route.storeReads();
        final ShipmentPlan routeSaw = route.inForce("SHP-1", T0 + 3 * HOUR);
        assertThat(route.storeReads()).isEqualTo(before);
        // ... and once the last closes, the task's next readers begin with nothing remembered and are not told of
        // writes through the old memory.
        route.close();
        final PlansInForce next = detectors();
        assertThat(next.inForce("SHP-1", T0 + 3 * HOUR)).isEqualTo(delivered.withoutSerials()).isNotSameAs(routeSaw);
        assertThat(next.storeReads()).isPositive();
    }

    @Test
    void shouldAnswerTheDetectorsWithoutTheSerialListAndEverythingElseAsStored() {
        final PlansInForce detectors = detectors();
        final PlansInForce reading = new PlansInForce(store);
        final ShipmentPlan stored = plan("SHP-1", T0, ShipmentStatus.IN_TRANSIT);
        assertThat(stored.serials()).isNotEmpty();
        write("SHP-1", stored, T0);

        for (final ShipmentPlan answer : new ShipmentPlan[] {detectors.inForce("SHP-1", T0 + HOUR),
                detectors.inForce("SHP-1", T0 + HOUR), detectors.inForce("SHP-1", T0 - HOUR), detectors.latest("SHP-1")}) {
            assertThat(answer.serials()).isEmpty();
            assertThat(answer.toBuilder().serials(stored.serials()).build()).isEqualTo(stored);
        }
        assertThat(reading.inForce("SHP-1", T0 + HOUR)).isEqualTo(stored);
        assertThat(reading.latest("SHP-1")).isEqualTo(stored);
        final ShipmentPlan none = stored.withoutSerials();
        assertThat(none.withoutSerials()).isSameAs(none);
    }

    @Test
    void shouldRefuseTwoHistoriesForOneStore() {
        detectors();
        assertThatThrownBy(() -> PlansInForce.forDetectors(store, notices, HISTORY.plusHours(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plans");
    }

    @Test
    void shouldRememberADeliveryTimeAndItsAbsenceUntilItIsWritten() {
        final DeliveryTimes times = new DeliveryTimes(deliveries, notices);
        assertThat(times.deliveredAt("SHP-1")).isEqualTo(Long.MIN_VALUE);
        assertThat(times.deliveredAt("SHP-1")).isEqualTo(Long.MIN_VALUE);
        assertThat(times.storeReads()).isEqualTo(1);

        deliveries.put("SHP-1", T0);
        notices.deliveryWritten("SHP-1");
        assertThat(times.deliveredAt("SHP-1")).isEqualTo(T0);
        deliveries.put("SHP-1", T0 - HOUR);
        notices.deliveryWritten("SHP-1");
        assertThat(times.deliveredAt("SHP-1")).isEqualTo(T0 - HOUR);
        assertThat(times.storeReads()).isEqualTo(3);

        times.close();
        deliveries.put("SHP-1", T0 - 2 * HOUR);
        notices.deliveryWritten("SHP-1");
        assertThat(times.deliveredAt("SHP-1")).as("closed: no longer told, and remembers nothing")
                .isEqualTo(T0 - 2 * HOUR);
    }
}
