package io.coldchain.ops.api;

import java.util.List;
import java.util.Optional;

/** Where keys live: this instance and the others of the same application, by their advertised HTTP address. */
public interface Cluster {

    /**
     * The instance whose active task holds the shipment's plans, telemetry and history, or empty when it is this one.
     *
     * @throws LocalStores.Unavailable while the metadata is not known (rebalancing)
     */
    Optional<String> ownerOfShipment(String shipmentId);

    /** Likewise for the shipment's alerts, which another sub-topology (and so maybe another instance) holds. */
    Optional<String> ownerOfAlerts(String shipmentId);

    /** The other instances ({@code host:port}) running the application's stores. */
    List<String> others();

    /** A cluster of one: this instance. */
    Cluster ALONE = new Cluster() {
        @Override
        public Optional<String> ownerOfShipment(final String shipmentId) {
            return Optional.empty();
        }

        @Override
        public Optional<String> ownerOfAlerts(final String shipmentId) {
            return Optional.empty();
        }

        @Override
        public List<String> others() {
            return List.of();
        }
    };
}
