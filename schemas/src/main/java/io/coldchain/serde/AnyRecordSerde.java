package io.coldchain.serde;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Wire-format serde for topics that carry records of several generated types (the late-data
 * topic): each record is written with its own schema's id, and read back as the generated class
 * its writer schema names. Schemas are registered per record type ({@code <topic>-<full name>}), so a
 * registry's compatibility check never compares a reading with a fix.
 */
public final class AnyRecordSerde implements Serde<SpecificRecord> {

    private final AvroSerdes serdes;
    private final Map<Class<?>, AvroWireSerde<?>> byClass = new ConcurrentHashMap<>();

    public AnyRecordSerde(final AvroSerdes serdes) {
        this.serdes = serdes;
    }

    @Override
    public Serializer<SpecificRecord> serializer() {
        return (topic, record) -> record == null ? null : serdeOf(record.getClass()).serialize(topic, cast(record));
    }

    @Override
    public Deserializer<SpecificRecord> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length < 5 || bytes[0] != AvroWireSerde.MAGIC_BYTE) {
                throw new SerializationException("Not Confluent wire format on " + topic);
            }
            final Schema writer = serdes.ids().schemaFor(ByteBuffer.wrap(bytes, 1, 4).getInt());
            final Class<?> type = SpecificData.get().getClass(writer);
            if (type == null || !SpecificRecord.class.isAssignableFrom(type)) {
                throw new SerializationException("No generated class for " + writer.getFullName() + " on " + topic);
            }
            return serdeOf(type).deserialize(topic, bytes);
        };
    }

    @SuppressWarnings("unchecked")
    private AvroWireSerde<SpecificRecord> serdeOf(final Class<?> type) {
        return (AvroWireSerde<SpecificRecord>) byClass.computeIfAbsent(type,
                t -> new AvroWireSerde<>((Class<? extends SpecificRecord>) t, serdes.ids(), false, true));
    }

    private static SpecificRecord cast(final SpecificRecord record) {
        return record;
    }
}
