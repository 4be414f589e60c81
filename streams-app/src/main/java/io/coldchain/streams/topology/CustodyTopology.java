package io.coldchain.streams.topology;

import io.coldchain.contract.validation.CustodyEventValidator;
import io.coldchain.contract.validation.EventTimeWindow;
import io.coldchain.schemas.CustodyEvent;
import io.coldchain.streams.EventTimeExtractor;
import io.coldchain.streams.processors.ValidateRecordsProcessor;
import io.coldchain.topics.TopicCatalogue;
import io.coldchain.topics.TopicSpec;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/**
 * Sub-builder: the one source of custody events (a topic has one source node per topology); the
 * route and serial sub-builders both read from the stream it returns, keyed by shipment id.
 */
public final class CustodyTopology {

    public static final String SOURCE = "read-custody-events";
    public static final String VALIDATE = "validate-custody-events";

    private CustodyTopology() {
    }

    /** @return the valid custody events ({@link CustodyEventValidator}); the others are dead-lettered */
    public static KStream<String, CustodyEvent> addTo(final StreamsBuilder builder, final TopicCatalogue topics,
                                                      final EventTimeWindow window) {
        final TopicSpec<String, CustodyEvent> custody = topics.custodyEvents();
        final CustodyEventValidator validator = new CustodyEventValidator(window);
        return builder.stream(custody.name(), Consumed.with(custody.keySerde(), custody.valueSerde())
                        .withTimestampExtractor(new EventTimeExtractor(window))
                        .withName(SOURCE))
                .process(() -> new ValidateRecordsProcessor<>(validator::check, VALIDATE),
                        Named.as(VALIDATE));
    }
}
