package io.coldchain.streams;

import io.coldchain.schemas.CustodyEvent;
import io.coldchain.topics.TopicCatalogue;
import io.coldchain.topics.TopicSpec;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;

/**
 * Sub-builder: the one source of custody events (a topic has one source node per topology); the
 * route and serial sub-builders both read from the stream it returns, keyed by shipment id.
 */
public final class CustodyTopology {

    public static final String SOURCE = "read-custody-events";

    private CustodyTopology() {
    }

    public static KStream<String, CustodyEvent> addTo(final StreamsBuilder builder, final TopicCatalogue topics) {
        final TopicSpec<String, CustodyEvent> custody = topics.custodyEvents();
        return builder.stream(custody.name(), Consumed.with(custody.keySerde(), custody.valueSerde())
                .withTimestampExtractor(new EventTimeExtractor())
                .withName(SOURCE));
    }
}
