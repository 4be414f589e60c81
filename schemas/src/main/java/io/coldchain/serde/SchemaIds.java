package io.coldchain.serde;

import org.apache.avro.Schema;

/**
 * Maps Avro schemas to the 4-byte ids of the Confluent wire format and back.
 *
 * <p>Two implementations: {@link LocalSchemaIds} derives ids from the schemas shipped with this
 * module (no registry needed, every process agrees), {@link RegistrySchemaIds} asks a
 * Confluent-compatible registry.
 */
public interface SchemaIds {

    /** The id under which {@code schema} is (or gets) registered for {@code subject}. */
    int idFor(String subject, Schema schema);

    /**
     * The writer schema registered under {@code id}.
     *
     * @throws org.apache.kafka.common.errors.SerializationException if the id is unknown
     */
    Schema schemaFor(int id);

    /** False while the ids cannot be looked up for an outage (the registry is unreachable); true otherwise. */
    default boolean available() {
        return true;
    }
}
