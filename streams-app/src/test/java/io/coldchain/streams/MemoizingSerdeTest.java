package io.coldchain.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.serde.AvroSerdes;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class MemoizingSerdeTest {

    private final Serde<ShipmentPlan> plans = AvroSerdes.local().value(ShipmentPlan.class);

    @Test
    void shouldReturnTheSameObjectForTheSameBytesAndAFreshOneForOtherBytes() {
        final MemoizingSerde<ShipmentPlan> serde = new MemoizingSerde<>(plans, 10);
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
        final MemoizingSerde<ShipmentPlan> serde = new MemoizingSerde<>(plans, 1);
        final Deserializer<ShipmentPlan> deserializer = serde.deserializer();
        final byte[] a = plans.serializer().serialize("t", Plans.baselToFrankfurt("SHP-A").build());
        final byte[] b = plans.serializer().serialize("t", Plans.baselToFrankfurt("SHP-B").build());

        final ShipmentPlan first = deserializer.deserialize("t", a);
        deserializer.deserialize("t", b);

        final ShipmentPlan again = deserializer.deserialize("t", a);
        assertThat(again).isNotSameAs(first).isEqualTo(first);
    }
}
