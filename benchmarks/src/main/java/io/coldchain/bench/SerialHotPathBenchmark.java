package io.coldchain.bench;

import io.coldchain.contract.Contracts;
import io.coldchain.contract.CustodyFingerprint;
import io.coldchain.domain.ShipmentPlan;
import io.coldchain.hashing.Sha256;
import io.coldchain.rules.Outcome;
import io.coldchain.rules.serial.ChainState;
import io.coldchain.rules.serial.CustodyChainRules;
import io.coldchain.rules.serial.Declaration;
import io.coldchain.rules.serial.SerialRules;
import io.coldchain.rules.serial.SerialSettings;
import io.coldchain.rules.serial.SerialState;
import io.coldchain.rules.serial.Sgtin;
import io.coldchain.rules.serial.Sighting;
import io.coldchain.schemas.CustodyEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The domain work the serial application's stream thread does per custody event, without Kafka: what
 * {@code DetectChainBreaksProcessor} does (the event to the domain, the custody-chain rules on the shipment's chain)
 * and what the serial checks do per pack ({@code ObserveSerialsProcessor}: the event to the domain, one sighting,
 * each pack's SGTIN parsed; then {@code SerialRules.onSighted} on the pack's state, declared by its plan). Events of
 * 10 packs from {@link SerialFleet}, as {@code SerialReplayBenchmark} publishes them. Also the custody fingerprint
 * alone, against the first release's computation (Avro's {@code toString} of a copy) as the baseline in the same run.
 *
 * <pre>
 * ./mvnw -B -o -q -DskipTests -pl benchmarks -am package
 * java -jar benchmarks/target/coldchain-benchmarks.jar SerialHotPath -f 1 -wi 3 -i 5 -w 2s -r 2s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SerialHotPathBenchmark {

    private static final int PACKS_PER_EVENT = 10;
    private static final int SERIALS = 1_000;
    private static final int EARLIER_EVENTS = 20;

    private final SerialSettings settings = SerialSettings.defaults();
    private final SerialRules serialRules = new SerialRules(settings);
    private final CustodyChainRules chainRules = new CustodyChainRules(settings);
    private final Map<String, SerialState> declared = new HashMap<>();
    private final List<CustodyEvent> events = new ArrayList<>();
    private ShipmentPlan plan;
    private ChainState chain;
    private int next;

    @Setup
    public void setUp() {
        final SerialFleet fleet = new SerialFleet(Instant.parse("2026-12-03T08:00:00Z"), SERIALS, SERIALS);
        final io.coldchain.schemas.ShipmentPlan wirePlan = fleet.plan(0);
        plan = Contracts.toDomain(wirePlan);
        final long publishedAt = fleet.plansPublishedAt().toEpochMilli();
        final Declaration declaration = new Declaration(plan.shipmentId(), plan.product().lot(),
                plan.product().expiryDate(), true, publishedAt, List.of());
        for (final String raw : plan.serials()) {
            final String key = Sgtin.parse(raw).key();
            declared.put(key, serialRules.onDeclared(key, null, declaration).state());
        }
        for (int first = 0; first < SERIALS; first += PACKS_PER_EVENT) {
            events.add(fleet.shipping(first, PACKS_PER_EVENT, SerialFleet.BASEL));
        }
        // The shipment's chain after its first events: the ones measured are further scans of the same step.
        for (int i = 0; i < EARLIER_EVENTS; i++) {
            chain = chainRules.onEvent(plan, chain, Contracts.toDomain(events.get(i))).state();
        }
        next = EARLIER_EVENTS;
    }

    private CustodyEvent nextEvent() {
        final CustodyEvent event = events.get(next);
        next = next + 1 < events.size() ? next + 1 : EARLIER_EVENTS;
        return event;
    }

    /** One custody event of 10 packs through the chain check and the serial checks' domain work. */
    @Benchmark
    public void custodyEvent(final Blackhole sink) {
        final CustodyEvent event = nextEvent();
        final Outcome<ChainState> chained = chainRules.onEvent(plan, chain, Contracts.toDomain(event));
        sink.consume(chained);
        final io.coldchain.domain.CustodyEvent observed = Contracts.toDomain(event);
        final Sighting sighting = Sighting.of(observed);
        for (final String raw : observed.epcList()) {
            final String key = Sgtin.parse(raw).key();
            sink.consume(serialRules.onSighted(key, declared.get(key), sighting, false));
        }
    }

    @Benchmark
    public String fingerprint() {
        return CustodyFingerprint.of(nextEvent());
    }

    /** Baseline: the fingerprint as the first release computed it (Avro's generic text of a copy of the event). */
    @Benchmark
    public String fingerprintFirstRelease() {
        final CustodyEvent event = nextEvent();
        final List<String> packs = new ArrayList<>(event.getEpcList());
        Collections.sort(packs);
        final CustodyEvent content = CustodyEvent.newBuilder(event).setEventId("").setRecordTime(0L).setEpcList(packs)
                .build();
        final byte[] digest = Sha256.digest(content.toString());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
    }

    /** The SGTIN of one pack, as the serial checks key its state. */
    @Benchmark
    public String sgtinKey() {
        return Sgtin.parse(nextEvent().getEpcList().get(0)).key();
    }
}
