package io.coldchain.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coldchain.fixtures.Fixtures;
import io.coldchain.schemas.LocationFix;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A serde asks for its schema's id once per topic, not at every record")
class SchemaIdLookupTest {

    /** Local ids that count what they are asked, and may refuse the first {@code refusals} questions (an outage). */
    private static final class CountingIds implements SchemaIds {
        private final LocalSchemaIds local = new LocalSchemaIds();
        private final List<String> asked = new ArrayList<>();
        private int refusals;

        @Override
        public int idFor(final String subject, final Schema schema) {
            asked.add(subject);
            if (refusals > 0) {
                refusals--;
                throw new SerializationException("registry unreachable");
            }
            return local.idFor(subject, schema);
        }

        @Override
        public Schema schemaFor(final int id) {
            return local.schemaFor(id);
        }
    }

    @Test
    void shouldAskOncePerTopicAndWriteTheSameBytes() {
        final CountingIds ids = new CountingIds();
        final AvroWireSerde<LocationFix> serde = new AvroWireSerde<>(LocationFix.class, ids, false);
        final AvroWireSerde<LocationFix> fresh = new AvroWireSerde<>(LocationFix.class, new LocalSchemaIds(), false);
        final LocationFix fix = Fixtures.fix().build();
        for (final String topic : List.of("a", "a", "b", "a", "b")) {
            assertThat(serde.serializer().serialize(topic, fix)).isEqualTo(fresh.serializer().serialize(topic, fix));
        }
        assertThat(ids.asked).containsExactly("a-value", "b-value");
        assertThat(serde.deserializer().deserialize("a", serde.serializer().serialize("a", fix))).isEqualTo(fix);
    }

    @Test
    void shouldAskAgainAfterAnIdCouldNotBeHad() {
        final CountingIds ids = new CountingIds();
        ids.refusals = 1;
        final AvroWireSerde<LocationFix> serde = new AvroWireSerde<>(LocationFix.class, ids, false);
        final LocationFix fix = Fixtures.fix().build();
        assertThatThrownBy(() -> serde.serializer().serialize("a", fix)).isInstanceOf(SerializationException.class);
        assertThat(serde.serializer().serialize("a", fix)).isNotNull();
        assertThat(serde.serializer().serialize("a", fix)).isNotNull();
        assertThat(ids.asked).containsExactly("a-value", "a-value");
    }
}
