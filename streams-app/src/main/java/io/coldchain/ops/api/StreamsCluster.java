package io.coldchain.ops.api;

import io.coldchain.streams.AlertAuditTopology;
import io.coldchain.streams.ShipmentHistoryTopology;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * {@link Cluster} from the streams client's metadata: every instance sets {@code application.server} to its own
 * advertised HTTP address, so {@link KafkaStreams#queryMetadataForKey} names the instance to ask (Confluent's
 * {@code MetadataService} pattern).
 */
public final class StreamsCluster implements Cluster {

    private static final Serializer<String> KEYS = Serdes.String().serializer();

    private final KafkaStreams streams;
    private final HostInfo self;

    /** @param self this instance's {@code application.server} */
    public StreamsCluster(final KafkaStreams streams, final HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    @Override
    public Optional<String> ownerOfShipment(final String shipmentId) {
        return owner(ShipmentHistoryTopology.STORE, shipmentId);
    }

    @Override
    public Optional<String> ownerOfAlerts(final String shipmentId) {
        // The audit store is keyed by alert id, but its records are partitioned by shipment, like the alerts topic.
        return owner(AlertAuditTopology.STATE_STORE, shipmentId);
    }

    private Optional<String> owner(final String store, final String shipmentId) {
        final KeyQueryMetadata metadata;
        try {
            metadata = streams.queryMetadataForKey(store, shipmentId, KEYS);
        } catch (IllegalStateException e) {
            throw new LocalStores.Unavailable("the application is not running", e);
        }
        if (metadata == null || metadata == KeyQueryMetadata.NOT_AVAILABLE || metadata.activeHost() == null
                || metadata.activeHost().equals(HostInfo.unavailable())) {
            throw new LocalStores.Unavailable("which instance holds " + shipmentId + " is not known now (rebalancing)", null);
        }
        final HostInfo host = metadata.activeHost();
        return host.equals(self) ? Optional.empty() : Optional.of(address(host));
    }

    @Override
    public List<String> others() {
        try {
            return streams.metadataForAllStreamsClients().stream()
                    .map(StreamsMetadata::hostInfo)
                    .filter(host -> !host.equals(self) && !host.equals(HostInfo.unavailable()))
                    .map(StreamsCluster::address)
                    .distinct()
                    .sorted()
                    .toList();
        } catch (IllegalStateException e) {
            throw new LocalStores.Unavailable("the application is not running", e);
        }
    }

    private static String address(final HostInfo host) {
        return (host.host().contains(":") ? "[" + host.host() + "]" : host.host()) + ":" + host.port();
    }
}
