package io.coldchain.streams;

import static io.coldchain.streams.Plans.DEPARTURE;
import static io.coldchain.streams.Plans.baselToFrankfurt;
import static io.coldchain.streams.Plans.reading;

import io.coldchain.ops.DeadLetters;
import io.coldchain.contract.Contracts;
import io.coldchain.rules.route.RouteFixtures;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.schemas.LocationFix;
import io.coldchain.schemas.Route;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.TemperatureReading;
import io.coldchain.topics.TopicCatalogue;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Records no application may choke on, each refused at the door: the dead-letter topic takes it with its reason
 * ({@link DeadLetters#REASON_HEADER}). Keyed (where they have a key) by one good shipment, whose alerts they must not
 * change, with event times 20 to 24 minutes after {@link Plans#DEPARTURE}; three plans of shipments of their own that
 * cannot be monitored (they also raise one {@code plan-unmonitorable} alert each).
 */
public final class HostileRecords {

    /** Just under the producer's default max.request.size (1 MiB). */
    public static final int HUGE = 1024 * 1024 - 512;
    /** The shipments of the refused plans. */
    public static final List<String> REFUSED_PLANS = List.of("SHP-EMPTY-ROUTE", "SHP-ONE-WAYPOINT",
            "SHP-UNKNOWN-PROFILE");

    /** One hostile record: what is sent, on which topic, and the reason tag it must be dead-lettered with. */
    public record Hostile(String name, String topic, byte[] key, byte[] value, String reason) {
    }

    private final TopicCatalogue topics;

    public HostileRecords(final TopicCatalogue topics) {
        this.topics = topics;
    }

    /** One record of every kind refused at the door, beside the good shipment {@code shipmentId}. */
    public List<Hostile> refusedAtTheDoor(final String shipmentId) {
        final String plansTopic = topics.shipmentPlans().name();
        final String readingsTopic = topics.temperatureReadings().name();
        final String fixesTopic = topics.locationFixes().name();
        final String custodyTopic = topics.custodyEvents().name();
        final byte[] good = utf8(shipmentId);
        final byte[] garbage = utf8("not avro at all");
        final long now = DEPARTURE.plus(Duration.ofMinutes(20)).toEpochMilli();
        final byte[] huge = new byte[HUGE];
        Arrays.fill(huge, (byte) 'x');
        final String hugeDeviceId = "x".repeat(HUGE - 100);
        final List<Hostile> list = new ArrayList<>();
        for (final String topic : List.of(plansTopic, readingsTopic, fixesTopic, custodyTopic)) {
            list.add(new Hostile("garbage on " + topic, topic, good, garbage, DeadLetters.NOT_DESERIALIZABLE));
        }
        list.add(new Hostile("reading with an unknown schema id", readingsTopic, good,
                withUnknownSchemaId(encodedReading(reading(shipmentId, Duration.ofMinutes(20), 5.0))),
                DeadLetters.NOT_DESERIALIZABLE));
        list.add(new Hostile("plan without key", plansTopic, null,
                encodedPlan(baselToFrankfurt("SHP-NO-KEY").setIssuedAt(now).build()), "missing-key"));
        list.add(new Hostile("reading without key", readingsTopic, null,
                encodedReading(reading(shipmentId, Duration.ofMinutes(20), 5.0)), "missing-key"));
        list.add(new Hostile("fix without key", fixesTopic, null,
                encodedFix(wire(RouteFixtures.fix(shipmentId, now, 47.6, 7.6, 5.0))), "missing-key"));
        list.add(new Hostile("custody event without key", custodyTopic, null,
                encodedCustody(wire(RouteFixtures.scan(shipmentId, "departing", RouteFixtures.area("Basel DC", null,
                        RouteFixtures.BASEL_DC, 500), now))), "missing-key"));
        list.add(new Hostile("NaN temperature", readingsTopic, good,
                encodedReading(reading(shipmentId, Duration.ofMinutes(21), Double.NaN)), "not-finite"));
        list.add(new Hostile("+Infinity temperature", readingsTopic, good,
                encodedReading(reading(shipmentId, Duration.ofMinutes(22), Double.POSITIVE_INFINITY)), "not-finite"));
        list.add(new Hostile("-Infinity temperature", readingsTopic, good,
                encodedReading(reading(shipmentId, Duration.ofMinutes(23), Double.NEGATIVE_INFINITY)), "not-finite"));
        list.add(new Hostile("temperature of 1983 °C", readingsTopic, good,
                encodedReading(reading(shipmentId, Duration.ofMinutes(24), 1983.0)), "out-of-range"));
        list.add(new Hostile("latitude 91", fixesTopic, good,
                encodedFix(wire(RouteFixtures.fix(shipmentId, now, 91, 7.6, 5.0))), "out-of-range"));
        list.add(new Hostile("fix at (0,0)", fixesTopic, good,
                encodedFix(wire(RouteFixtures.fix(shipmentId, now, 0, 0, 5.0))), "null-island"));
        list.add(new Hostile("negative accuracy", fixesTopic, good,
                encodedFix(wire(RouteFixtures.fix(shipmentId, now, 47.6, 7.6, -3.0))), "out-of-range"));
        list.add(new Hostile("reading in 1970", readingsTopic, good, encodedReading(TemperatureReading.newBuilder(
                reading(shipmentId, Duration.ZERO, 5.0)).setEventTime(86_400_000L).build()), "event-time-too-early"));
        list.add(new Hostile("reading in 2100", readingsTopic, good, encodedReading(TemperatureReading.newBuilder(
                reading(shipmentId, Duration.ZERO, 5.0)).setEventTime(Instant.parse("2100-01-01T00:00:00Z")
                .toEpochMilli()).build()), "event-time-in-future"));
        list.add(new Hostile("custody event in 2100", custodyTopic, good,
                encodedCustody(wire(RouteFixtures.scan(shipmentId, "departing", RouteFixtures.area("Basel DC", null,
                        RouteFixtures.BASEL_DC, 500), Instant.parse("2100-01-01T00:00:00Z").toEpochMilli()))),
                "event-time-in-future"));
        list.add(new Hostile("plan with an empty route", plansTopic, utf8(REFUSED_PLANS.get(0)),
                encodedPlan(baselToFrankfurt(REFUSED_PLANS.get(0)).setIssuedAt(now)
                        .setRoute(Route.newBuilder().setWaypoints(List.of()).build()).build()), "route-unusable"));
        list.add(new Hostile("plan with a single waypoint", plansTopic, utf8(REFUSED_PLANS.get(1)),
                encodedPlan(baselToFrankfurt(REFUSED_PLANS.get(1)).setIssuedAt(now)
                        .setRoute(Route.newBuilder().setWaypoints(List.of(Contracts.toWire(RouteFixtures.BASEL_DC))).build()).build()),
                "route-unusable"));
        list.add(new Hostile("plan with an unknown profile", plansTopic, utf8(REFUSED_PLANS.get(2)),
                encodedPlan(baselToFrankfurt(REFUSED_PLANS.get(2)).setIssuedAt(now).setProfileName("deep-frozen-ish")
                        .build()), "profile-unusable"));
        list.add(new Hostile("huge garbage", readingsTopic, good, huge, DeadLetters.NOT_DESERIALIZABLE));
        list.add(new Hostile("huge reading", readingsTopic, good, encodedReading(TemperatureReading.newBuilder(
                reading(shipmentId, Duration.ofMinutes(20), 5.0)).setDeviceId(hugeDeviceId).build()),
                "oversized-field"));
        return list;
    }

    public byte[] encodedPlan(final ShipmentPlan plan) {
        return topics.shipmentPlans().valueSerde().serializer().serialize(topics.shipmentPlans().name(), plan);
    }

    public byte[] encodedReading(final TemperatureReading reading) {
        return topics.temperatureReadings().valueSerde().serializer().serialize(topics.temperatureReadings().name(),
                reading);
    }

    public byte[] encodedFix(final LocationFix fix) {
        return topics.locationFixes().valueSerde().serializer().serialize(topics.locationFixes().name(), fix);
    }

    public byte[] encodedCustody(final CustodyEvent event) {
        return topics.custodyEvents().valueSerde().serializer().serialize(topics.custodyEvents().name(), event);
    }

    /** The same Avro body under a schema id that no schema has (Confluent wire format: magic byte, 4-byte id). */
    private static byte[] withUnknownSchemaId(final byte[] encoded) {
        final byte[] copy = encoded.clone();
        final ByteBuffer header = ByteBuffer.wrap(copy);
        header.putInt(1, header.getInt(1) ^ 0x5a5a5a5a);
        return copy;
    }

    public static byte[] utf8(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static io.coldchain.schemas.LocationFix wire(final io.coldchain.domain.LocationFix fix) {
        return Contracts.toWire(fix);
    }

    private static io.coldchain.schemas.CustodyEvent wire(final io.coldchain.domain.CustodyEvent event) {
        return Contracts.toWire(event);
    }
}
