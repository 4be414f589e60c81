package io.coldchain.ops;

import io.coldchain.rules.temperature.TemperatureState;
import io.coldchain.domain.ShipmentPlan;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What the ops endpoints read from the running application: the client's state, its metrics and one
 * shipment from the local stores. {@link OpsHttpServer} knows only this, so its tests need no Kafka.
 */
interface OpsSource {

    KafkaStreams.State state();

    /** True once a stream thread has died and was not replaced: the client can no longer do all its work. */
    boolean streamThreadDead();

    /** False while processing waits for a service it depends on (the schema registry is down). */
    default boolean dependenciesAvailable() {
        return true;
    }

    /** The metrics in Prometheus text format. */
    String scrape();

    /**
     * The shipment as this instance's stores hold it, or empty when they do not hold it.
     *
     * @throws StoresUnavailableException while the stores cannot be queried (starting, rebalancing, stopped)
     */
    Optional<Shipment> shipment(String shipmentId);

    /**
     * @param plan        the latest plan
     * @param deliveredAt delivery time inferred from the custody scans, epoch ms UTC, or null
     * @param temperature the temperature condition, or null before the first reading
     */
    record Shipment(ShipmentPlan plan, Long deliveredAt, TemperatureState temperature) {
    }

    /** The local stores cannot answer now; asking again later may work. */
    final class StoresUnavailableException extends RuntimeException {
        StoresUnavailableException(final String message, final Throwable cause) {
            super(message, cause);
        }
    }
}
