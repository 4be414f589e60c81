package io.coldchain.streams;

import java.util.List;

/** Receiving scans of a shipment without a plan yet, as Avro single-object encodings ({@code shipment-receipts-awaiting-plan-store}). */
public record HeldReceipts(List<byte[]> scans) {
    public HeldReceipts {
        scans = List.copyOf(scans);
    }
}
