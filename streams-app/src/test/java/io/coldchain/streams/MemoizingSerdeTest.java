package io.coldchain.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.serde.AvroSerdes;
import java.util.Random;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class MemoizingSerdeTest {

    private final Serde<ShipmentPlan> plans = AvroSerdes.local().value(ShipmentPlan.class);

    @Test
    void shouldReturnTheSameObjectForTheSameBytesAndAFreshOneForOtherBytes() {
        final MemoizingSerde<ShipmentPlan> serde = new MemoizingSerde<>(plans, 10, Long.MAX_VALUE);
        final Deserializer<ShipmentPlan> deserializer = serde.deserializer();
        final byte[] a = plans.serializer().serialize("t", Plans.baselToFrankfurt("SHP-A").build());
        final byte[] b = plans.serializer().serialize("t", Plans.baselToFrankfurt("SHP-B").build());

        final ShipmentPlan first = deserializer.deserialize("t", a);
        assertThat(deserializer.deserialize("t", a.clone())).isSameAs(first);
        final ShipmentPlan other = deserializer.deserialize("t", b);
        assertThat(other).isNotSameAs(first);
        assertThat(other.getShipmentId()).isEqualTo("SHP-B");
        assertThat(deserializer.deserialize("t", null)).isNull();
    }

    @Test
    void shouldForgetTheLeastRecentlyUsedBeyondItsCapacity() {
        final MemoizingSerde<ShipmentPlan> serde = new MemoizingSerde<>(plans, 1, Long.MAX_VALUE);
        final Deserializer<ShipmentPlan> deserializer = serde.deserializer();
        final byte[] a = plans.serializer().serialize("t", Plans.baselToFrankfurt("SHP-A").build());
        final byte[] b = plans.serializer().serialize("t", Plans.baselToFrankfurt("SHP-B").build());

        final ShipmentPlan first = deserializer.deserialize("t", a);
        deserializer.deserialize("t", b);

        final ShipmentPlan again = deserializer.deserialize("t", a);
        assertThat(again).isNotSameAs(first).isEqualTo(first);
    }

    @Test
    void shouldForgetTheLeastRecentlyUsedBeyondItsBytesAndKeepTheLastOneWhateverItsSize() {
        final byte[] a = plans.serializer().serialize("t", Plans.baselToFrankfurt("SHP-A").build());
        final byte[] b = plans.serializer().serialize("t", Plans.baselToFrankfurt("SHP-B").build());
        final byte[] c = plans.serializer().serialize("t", Plans.baselToFrankfurt("SHP-C").build());
        final MemoizingSerde<ShipmentPlan> serde = new MemoizingSerde<>(plans, 100, a.length + b.length);
        final Deserializer<ShipmentPlan> deserializer = serde.deserializer();

        final ShipmentPlan first = deserializer.deserialize("t", a);
        final ShipmentPlan second = deserializer.deserialize("t", b);
        assertThat(serde.heldBytes()).isEqualTo(a.length + b.length);
        deserializer.deserialize("t", c);

        assertThat(serde.heldBytes()).as("the eldest forgotten").isEqualTo(b.length + c.length);
        assertThat(deserializer.deserialize("t", b)).isSameAs(second);
        assertThat(deserializer.deserialize("t", a)).as("decoded again").isNotSameAs(first).isEqualTo(first);

        final MemoizingSerde<ShipmentPlan> tiny = new MemoizingSerde<>(plans, 100, 1);
        final ShipmentPlan big = tiny.deserializer().deserialize("t", a);
        assertThat(tiny.deserializer().deserialize("t", a)).as("one value larger than the bound").isSameAs(big);
        assertThat(tiny.heldBytes()).isEqualTo(a.length);
    }

    @Test
    void shouldTellApartValuesOfTheSameSizeThatDifferInAnyOneByte() {
        // A pass-through "decoder": the object returned is the array it was given, so identity shows which was kept.
        final MemoizingSerde<byte[]> serde = new MemoizingSerde<>(Serdes.ByteArray(), 10_000, Long.MAX_VALUE);
        final Deserializer<byte[]> deserializer = serde.deserializer();
        final byte[] value = new byte[1_000];
        new Random(3L).nextBytes(value);
        final byte[] first = deserializer.deserialize("t", value);

        for (int i = 0; i < value.length; i++) {
            final byte[] other = value.clone();
            other[i]++;
            final byte[] decoded = deserializer.deserialize("t", other);
            assertThat(decoded).as("byte %d differs", i).isSameAs(other);
            assertThat(deserializer.deserialize("t", other.clone())).as("byte %d differs, again", i).isSameAs(other);
        }
        assertThat(deserializer.deserialize("t", value.clone())).isSameAs(first);
    }
}
