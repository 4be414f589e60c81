package io.coldchain.cli.epcis;

import java.time.Instant;
import java.util.List;

/**
 * An EPCIS 2.0 document as coldchain writes and reads it: its creation date and its events, in the order they are
 * written ({@link EpcisEvent#ORDER}). Identifiers, vocabulary and locations are already URIs.
 */
public record EpcisDocument(Instant creationDate, List<EpcisEvent> events) {

    public EpcisDocument {
        events = List.copyOf(events);
    }
}
