package io.coldchain.ops;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.KafkaStreams;

/** An {@link OpsSource} the test sets by hand. */
final class FakeOpsSource implements OpsSource {

    volatile KafkaStreams.State state = KafkaStreams.State.RUNNING;
    volatile boolean threadDead;
    volatile boolean storesUnavailable;
    volatile boolean dependenciesAvailable = true;
    volatile String metrics = "# TYPE coldchain_test_total counter\ncoldchain_test_total 1.0\n";
    final Map<String, Shipment> shipments = new ConcurrentHashMap<>();

    @Override
    public KafkaStreams.State state() {
        return state;
    }

    @Override
    public boolean streamThreadDead() {
        return threadDead;
    }

    @Override
    public boolean dependenciesAvailable() {
        return dependenciesAvailable;
    }

    @Override
    public String scrape() {
        return metrics;
    }

    @Override
    public Optional<Shipment> shipment(final String shipmentId) {
        if (storesUnavailable) {
            throw new StoresUnavailableException("rebalancing", null);
        }
        return Optional.ofNullable(shipments.get(shipmentId));
    }
}
