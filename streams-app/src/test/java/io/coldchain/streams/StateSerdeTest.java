package io.coldchain.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import io.coldchain.rules.serial.Declaration;
import io.coldchain.rules.serial.Retraction;
import io.coldchain.rules.serial.Sighting;
import io.coldchain.rules.temperature.TemperatureState;
import io.coldchain.domain.Severity;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class StateSerdeTest {

    private final StateSerde<EventClock> clocks = new StateSerde<>(EventClock.class);

    private static final ObjectMapper SMILE = new ObjectMapper(new SmileFactory());

    @Test
    void shouldWriteTheBinaryFormAndReadItBack() {
        final EventClock clock = new EventClock(1_767_225_600_123L, List.of(7, -3, 42));

        final byte[] bytes = clocks.serializer().serialize("t", clock);

        assertThat(StateSerde.isBinary(bytes)).isTrue();
        assertThat(StateSerde.isSmile(bytes)).isFalse();
        assertThat(clocks.deserializer().deserialize("t", bytes)).isEqualTo(clock);
    }

    @Test
    void shouldReadStateWrittenAsSmileByTheReleaseBefore() throws Exception {
        final EventClock clock = new EventClock(1_767_225_600_123L, List.of(7, -3, 42));
        final byte[] smile = SMILE.writeValueAsBytes(clock);

        assertThat(StateSerde.isSmile(smile)).isTrue();
        assertThat(clocks.deserializer().deserialize("t", smile)).isEqualTo(clock);
    }

    @Test
    void shouldWriteTheShipmentHistoryInTheBinaryFormAndReadItsSmile() throws Exception {
        final StateSerde<io.coldchain.rules.history.ShipmentHistory> serde =
                new StateSerde<>(io.coldchain.rules.history.ShipmentHistory.class);
        final io.coldchain.rules.history.ShipmentHistory history = new io.coldchain.rules.history.ShipmentHistory();
        history.lot = "L42";
        history.minCelsius = 2.5;

        final byte[] bytes = serde.serializer().serialize("t", history);
        final io.coldchain.rules.history.ShipmentHistory back = serde.deserializer().deserialize("t", bytes);
        final io.coldchain.rules.history.ShipmentHistory fromSmile = serde.deserializer().deserialize("t",
                SMILE.writeValueAsBytes(history));

        assertThat(StateSerde.isBinary(bytes)).isTrue();
        assertThat(back.lot).isEqualTo("L42");
        assertThat(back.minCelsius).isEqualTo(2.5);
        assertThat(back.planIssuedAt).isEqualTo(-1);
        assertThat(fromSmile).usingRecursiveComparison().isEqualTo(back);
    }

    @Test
    void shouldKeepDoublesExactlyAndBeSmallerThanSmile() throws Exception {
        final StateSerde<TemperatureState> serde = new StateSerde<>(TemperatureState.class);
        final TemperatureState state = new TemperatureState(null, -1, 1_767_225_600_000L, 0.1 + 0.2, 0, null, null, null, 0,
                null);

        final byte[] bytes = serde.serializer().serialize("t", state);
        final TemperatureState back = serde.deserializer().deserialize("t", bytes);

        assertThat(back.lastCelsius()).isEqualTo(0.1 + 0.2);
        assertThat(back.lastReadingTime()).isEqualTo(state.lastReadingTime());
        assertThat(back).isEqualTo(state);
        assertThat(bytes.length).as("smaller than the Smile of the same state")
                .isLessThan(SMILE.writeValueAsBytes(state).length);
    }

    @Test
    void shouldReadTemperatureStateWrittenByTheMutableClassOfEarlierVersions() throws Exception {
        // As the release with public fields wrote it (field declaration order, nulls included), as JSON and as Smile.
        final String legacy = "{\"profile\":\"refrigerated-2-8\",\"firstReadingTime\":1767225600000,"
                + "\"lastReadingTime\":1767229200000,\"lastCelsius\":9.5,\"missingDataMillis\":60000,"
                + "\"rules\":{\"refrigerated-2-8-band\":{\"alertId\":\"a-1\",\"open\":true,\"episodeStart\":1767228000000,"
                + "\"severity\":\"MEDIUM\",\"runStart\":1767228000000,\"runMillis\":1200000,\"cumulativeMillis\":1800000,"
                + "\"clearSince\":-1,\"peakCelsius\":10.1,\"budgetStep\":50},"
                + "\"instant-high\":{\"alertId\":null,\"open\":false,\"episodeStart\":-1,\"severity\":null,\"runStart\":-1,"
                + "\"runMillis\":0,\"cumulativeMillis\":0,\"clearSince\":-1,\"peakCelsius\":null,\"budgetStep\":0}},"
                + "\"mktBuckets\":[{\"start\":1767225600000,\"millis\":3600000.0,\"weighted\":1.5E-4}],"
                + "\"mktCelsius\":6.25,\"mktCoveredMillis\":3600000,\"silentAlertId\":null}";
        final TemperatureState.RuleState band = new TemperatureState.RuleState("a-1", true, 1_767_228_000_000L,
                Severity.MEDIUM, 1_767_228_000_000L, 1_200_000, 1_800_000, -1, 10.1, 50);
        final TemperatureState expected = new TemperatureState("refrigerated-2-8", 1_767_225_600_000L, 1_767_229_200_000L,
                9.5, 60_000, new TreeMap<>(Map.of("refrigerated-2-8-band", band, "instant-high", TemperatureState.RuleState.NONE)),
                List.of(new TemperatureState.MktBucket(1_767_225_600_000L, 3_600_000.0, 1.5e-4)), 6.25, 3_600_000, null);
        final StateSerde<TemperatureState> serde = new StateSerde<>(TemperatureState.class);

        final TemperatureState fromJson = serde.deserializer().deserialize("t", legacy.getBytes(StandardCharsets.UTF_8));
        final TemperatureState fromSmile = serde.deserializer().deserialize("t", SMILE.writeValueAsBytes(fromJson));
        final TemperatureState fromBinary = serde.deserializer().deserialize("t", serde.serializer().serialize("t", fromJson));

        assertThat(fromJson).isEqualTo(expected);
        assertThat(fromSmile).isEqualTo(expected);
        assertThat(fromBinary).isEqualTo(expected);
        assertThat(fromBinary.rules().keySet()).containsExactly("instant-high", "refrigerated-2-8-band");
        assertThat(fromJson.rules().keySet()).as("sorted by rule id, as before").containsExactly("instant-high",
                "refrigerated-2-8-band");
    }

    @Test
    void shouldReadEverySerialInputBackEqualToWhatWasWritten() {
        // The serial checks hold inputs as they came off the repartition topic instead of reading them back from
        // their buffer: both must be the same value.
        final StateSerde<SerialInput> serde = new StateSerde<>(SerialInput.class);
        final Sighting located = new Sighting("ev-1", "fp-1", 1_767_225_600_123L, "OBSERVE", "shipping", "in_transit",
                "SHP-A", "7601234000017", "Basel Pharma", "Basel DC", "7601234000024", 47.5596, 0.1 + 0.2, "urn:rp:1",
                "L42", "2027-06-30");
        final Sighting bare = new Sighting("ev-2", null, -1L, "ADD", null, null, null, null, null, null, null, null, null,
                null, null, null);
        final List<SerialInput> inputs = List.of(
                SerialInput.declared(new Declaration("SHP-A", "L42", "2027-06-30", true, 1_767_225_600_000L,
                        List.of("4098765000005", "4012345000009"))),
                SerialInput.declared(new Declaration("SHP-B", null, null, false, 0L)),
                SerialInput.sighted(located), SerialInput.sighted(located, true), SerialInput.sighted(bare),
                SerialInput.retracted(new Retraction("ev-1", "SHP-A", 1_767_225_700_000L, "incorrect_data",
                        List.of("ev-1b"))),
                SerialInput.retracted(new Retraction("ev-1", null, 0L, null, null)),
                SerialInput.invalid(located, "GTIN check digit"));

        for (final SerialInput input : inputs) {
            assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", input))).isEqualTo(input);
        }
    }

    @Test
    void shouldReadStateWrittenAsJsonByEarlierVersionsIgnoringUnknownFields() {
        final byte[] legacy = "{\"handledUpTo\":1767225600000,\"recentHashes\":[1,2],\"since\":\"a later field\"}"
                .getBytes(StandardCharsets.UTF_8);

        assertThat(StateSerde.isSmile(legacy)).isFalse();
        assertThat(clocks.deserializer().deserialize("t", legacy)).isEqualTo(new EventClock(1_767_225_600_000L, List.of(1, 2)));
    }

    @Test
    void shouldPassNullsThroughAndNameTheTypeWhenBytesAreUnreadable() {
        assertThat(clocks.serializer().serialize("t", null)).isNull();
        assertThat(clocks.deserializer().deserialize("t", null)).isNull();
        assertThatThrownBy(() -> clocks.deserializer().deserialize("t", new byte[] {0x3A, 0x29, 0x0A, (byte) 0xFF}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("EventClock").hasMessageContaining("Smile");
    }
}
