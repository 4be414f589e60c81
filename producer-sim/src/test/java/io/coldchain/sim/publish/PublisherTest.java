package io.coldchain.sim.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.ShipmentStatus;
import io.coldchain.sim.Fixtures;
import io.coldchain.sim.SimEvent;
import io.coldchain.sim.SimulationSettings;
import io.coldchain.sim.SimulatorException;
import io.coldchain.sim.publish.ProgressListener.Progress;
import io.coldchain.topics.TopicCatalogue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class PublisherTest {

    private final TopicCatalogue catalogue = TopicCatalogue.defaults();
    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());

    @Test
    void shouldSendEveryEventToItsTopicKeyedByShipmentAndStampedWithItsEventTime() {
        final SimulationSettings settings = Fixtures.settings().withShipments(2);
        final List<SimEvent> expected = Fixtures.eventsOf(settings);

        final PublishResult result = new Publisher(producer, catalogue, System::nanoTime)
                .publish(settings, Pacing.UNPACED, ProgressListener.NONE);

        final List<ProducerRecord<String, byte[]>> sent = producer.history();
        assertThat(sent).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            final SimEvent event = expected.get(i);
            final ProducerRecord<String, byte[]> record = sent.get(i);
            assertThat(record.topic()).isEqualTo(topicOf(event));
            assertThat(record.key()).isEqualTo(event.shipmentId());
            assertThat(record.timestamp()).isEqualTo(event.eventTime());
            assertThat(decode(record)).isEqualTo(event.record());
        }
        assertThat(result.completed()).isTrue();
        assertThat(result.total()).isEqualTo(expected.size());
        assertThat(result.plans()).isEqualTo(4); // each shipment's plan, then its DELIVERED update
        assertThat(result.custodyEvents()).isEqualTo(4);
        assertThat(result.shipmentsDelivered()).isEqualTo(2);
        assertThat(result.temperatureReadings()).isEqualTo(Fixtures.only(expected, SimEvent.Temperature.class).size());
        assertThat(producer.flushed()).isTrue();
        assertThat(producer.closed()).isTrue();
    }

    @Test
    void shouldStampEachPlanWithItsIssuedAtAndNotRepublishItByDefault() {
        final SimulationSettings settings = Fixtures.current().withShipments(3);

        new Publisher(producer, catalogue, System::nanoTime).publish(settings, Pacing.UNPACED, ProgressListener.NONE);

        final List<ProducerRecord<String, byte[]>> plans = producer.history().stream()
                .filter(r -> r.topic().equals(catalogue.shipmentPlans().name())).toList();
        assertThat(plans).hasSizeBetween(3, 6).allSatisfy(record -> {
            final ShipmentPlan plan = (ShipmentPlan) decode(record);
            assertThat(record.timestamp()).isEqualTo(plan.getIssuedAt());
            assertThat(plan.getStatus()).isIn(ShipmentStatus.PLANNED, ShipmentStatus.IN_TRANSIT);
        });
        assertThat(plans.subList(0, 3)).allSatisfy(record -> assertThat(record.timestamp())
                .isLessThan(((ShipmentPlan) decode(record)).getPlannedDeparture()));
    }

    @Test
    void shouldReportProgressWhileRunningAndOnceAtTheEnd() {
        final AtomicLong clock = new AtomicLong();
        final List<Progress> reports = new ArrayList<>();
        final SimulationSettings settings = Fixtures.settings().withShipments(1);

        // Every look at the clock moves it 100 ms on: a report every twenty or so events.
        new Publisher(producer, catalogue, () -> clock.addAndGet(100_000_000L))
                .publish(settings, Pacing.UNPACED, reports::add);

        assertThat(reports).hasSizeGreaterThan(2);
        assertThat(reports.subList(0, reports.size() - 1)).noneMatch(Progress::finished);
        final Progress last = reports.get(reports.size() - 1);
        assertThat(last.finished()).isTrue();
        assertThat(last.eventsSent()).isEqualTo(producer.history().size());
        assertThat(last.shipmentsDelivered()).isEqualTo(1);
        assertThat(last.shipments()).isEqualTo(1);
        assertThat(last.simulatedTime()).isNotNull();
    }

    @Test
    void shouldSendNoEventMoreThanTheSendAheadBeforeItsSlotUnderARateCap() {
        // Lower bounds only (a loaded machine sends later, never earlier): event i's slot is i / rate after the start,
        // and it may go out at most 1 ms (Publisher.SEND_AHEAD_NANOS, as documented) before it, so a burst runs at most
        // 1 ms of the schedule ahead of the asked rate. The rate is one this test's publisher (a mock producer, a cold
        // JIT) keeps up with, so events do go out ahead of their slots.
        final double rate = 2_000;
        final List<Long> sentAt = new ArrayList<>();
        final MockProducer<String, byte[]> timed = new MockProducer<>(true, null, new StringSerializer(),
                new ByteArraySerializer()) {
            @Override
            public synchronized Future<RecordMetadata> send(final ProducerRecord<String, byte[]> record,
                                                            final Callback callback) {
                sentAt.add(System.nanoTime());
                return super.send(record, callback);
            }
        };
        final SimulationSettings settings = Fixtures.settings().withShipments(1);
        final AtomicLong start = new AtomicLong(); // the publisher's first reading of the clock: its schedule's start
        final LongSupplier clock = () -> {
            final long now = System.nanoTime();
            start.compareAndSet(0, now);
            return now;
        };

        final PublishResult result = new Publisher(timed, catalogue, clock)
                .publish(settings, new Pacing(0, rate), ProgressListener.NONE);

        assertThat(result.completed()).isTrue();
        assertThat(sentAt).hasSize(Fixtures.eventsOf(settings).size()).hasSizeGreaterThan(500);
        final double slotNanos = 1e9 / rate;
        for (int i = 0; i < sentAt.size(); i++) {
            assertThat((double) (sentAt.get(i) - start.get())).as("event %d", i)
                    .isGreaterThanOrEqualTo(i * slotNanos - 1_000_000 - 1);
        }
    }

    @Test
    void shouldStopGeneratingFlushAndCloseWhenAskedToStop() throws Exception {
        final Publisher publisher = new Publisher(producer, catalogue, System::nanoTime);
        // Real time: the plans go out at once, the first pickup is minutes of wall time away.
        final CompletableFuture<PublishResult> running = CompletableFuture.supplyAsync(
                () -> publisher.publish(Fixtures.settings(), Pacing.timesRealTime(1), ProgressListener.NONE));
        // Wait (generously: a bound against a hang, not a speed claim) until the plans are out, then ask it to stop.
        final long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (producer.history().size() < 5 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }

        publisher.stop();
        final PublishResult result = running.get(2, TimeUnit.MINUTES);

        assertThat(result.completed()).isFalse();
        assertThat(result.plans()).isEqualTo(5);
        assertThat(result.total()).isEqualTo(5);
        assertThat(producer.closed()).isTrue();
    }

    @Test
    void shouldFailInOneLineWhenTheBrokerRejectsATimestamp() {
        producer.sendException = new InvalidRecordException("Timestamp 1795883870000 of message with offset 46 is "
                + "out of range. The timestamp should be within [0, 1795883844763]");
        final Publisher publisher = new Publisher(producer, catalogue, System::nanoTime);

        assertThatThrownBy(() -> publisher.publish(Fixtures.settings(), Pacing.UNPACED, ProgressListener.NONE))
                .isInstanceOf(SimulatorException.class)
                .hasMessageStartingWith("Kafka rejected a record timestamp")
                .hasMessageContaining("message.timestamp")
                .hasMessageNotContaining("\n");
        assertThat(producer.closed()).isTrue();
    }

    @Test
    void shouldPublishOnlyOnce() {
        final Publisher publisher = new Publisher(producer, catalogue, System::nanoTime);
        publisher.publish(Fixtures.settings().withShipments(1), Pacing.UNPACED, ProgressListener.NONE);
        assertThatThrownBy(() -> publisher.publish(Fixtures.settings(), Pacing.UNPACED, ProgressListener.NONE))
                .isInstanceOf(IllegalStateException.class);
    }

    private String topicOf(final SimEvent event) {
        return switch (event.kind()) {
            case SHIPMENT_PLAN -> catalogue.shipmentPlans().name();
            case TEMPERATURE_READING -> catalogue.temperatureReadings().name();
            case LOCATION_FIX -> catalogue.locationFixes().name();
            case CUSTODY_EVENT -> catalogue.custodyEvents().name();
        };
    }

    private Object decode(final ProducerRecord<String, byte[]> record) {
        final String topic = record.topic();
        if (topic.equals(catalogue.shipmentPlans().name())) {
            return catalogue.shipmentPlans().valueSerde().deserializer().deserialize(topic, record.value());
        } else if (topic.equals(catalogue.temperatureReadings().name())) {
            return catalogue.temperatureReadings().valueSerde().deserializer().deserialize(topic, record.value());
        } else if (topic.equals(catalogue.locationFixes().name())) {
            return catalogue.locationFixes().valueSerde().deserializer().deserialize(topic, record.value());
        }
        return catalogue.custodyEvents().valueSerde().deserializer().deserialize(topic, record.value());
    }
}
