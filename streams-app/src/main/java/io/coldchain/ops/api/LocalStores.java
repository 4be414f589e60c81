package io.coldchain.ops.api;

import java.util.List;
import java.util.Optional;

/**
 * What this instance's own stores answer (its active tasks only). {@link ApiHandler} knows only this and
 * {@link Cluster}, so its tests need no Kafka.
 */
public interface LocalStores {

    /** The shipments of the local tasks, alerts not filled in. */
    List<ApiViews.ShipmentItem> shipments();

    /** One shipment of a local task, alerts left empty; empty when no local task holds its plan. */
    Optional<ApiViews.ShipmentDetail> shipment(String shipmentId);

    Optional<ApiViews.Track> track(String shipmentId);

    Optional<ApiViews.Temperatures> temperatures(String shipmentId);

    /** Every alert of the local tasks of the audit. */
    List<ApiViews.AlertView> alerts();

    /** One alert of the local tasks of the audit. */
    Optional<ApiViews.AlertView> alert(String alertId);

    /** The local stores (or the cluster's metadata) cannot answer now: starting, rebalancing, stopped. */
    final class Unavailable extends RuntimeException {
        public Unavailable(final String message, final Throwable cause) {
            super(message, cause);
        }
    }
}
