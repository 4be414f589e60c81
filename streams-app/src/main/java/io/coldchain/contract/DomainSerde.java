package io.coldchain.contract;

import java.util.function.Function;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A serde for a domain record whose bytes are its contract's Avro form: for the stores whose changelog must stay
 * the published wire format (the plans store), while the processors that read them see domain records. The bytes
 * are exactly those of the wrapped Avro serde, so a store written before the domain records existed reads unchanged.
 *
 * @param <W> the Avro (wire) type
 * @param <D> the domain type
 */
public final class DomainSerde<W, D> implements Serde<D> {

    private final Serde<W> wire;
    private final Function<W, D> toDomain;
    private final Function<D, W> toWire;

    public DomainSerde(final Serde<W> wire, final Function<W, D> toDomain, final Function<D, W> toWire) {
        this.wire = wire;
        this.toDomain = toDomain;
        this.toWire = toWire;
    }

    /** The shipment plans, as the plans store keeps them. */
    public static DomainSerde<io.coldchain.schemas.ShipmentPlan, io.coldchain.domain.ShipmentPlan> plans(
            final Serde<io.coldchain.schemas.ShipmentPlan> wire) {
        return new DomainSerde<>(wire, Contracts::toDomain, Contracts::toWire);
    }

    @Override
    public Serializer<D> serializer() {
        final Serializer<W> encode = wire.serializer();
        return (topic, value) -> encode.serialize(topic, value == null ? null : toWire.apply(value));
    }

    @Override
    public Deserializer<D> deserializer() {
        final Deserializer<W> decode = wire.deserializer();
        return (topic, bytes) -> {
            final W value = decode.deserialize(topic, bytes);
            return value == null ? null : toDomain.apply(value);
        };
    }
}
