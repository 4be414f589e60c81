package io.coldchain.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.coldchain.fixtures.Fixtures;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Every top-level record survives the local wire-format serde unchanged")
class RoundTripTest {

    private static final String TOPIC = "coldchain.round-trip";

    static Stream<Arguments> everyFieldSet() {
        return Stream.of(
                arguments(named("ShipmentPlan", Fixtures.plan().build())),
                arguments(named("TemperatureReading", Fixtures.reading().build())),
                arguments(named("LocationFix", Fixtures.fix().build())),
                arguments(named("CustodyEvent", Fixtures.custodyEvent().build())),
                arguments(named("Alert", Fixtures.alert().build())));
    }

    static Stream<Arguments> optionalFieldsNull() {
        return Stream.of(
                arguments(named("ShipmentPlan", Fixtures.minimalPlan().build())),
                arguments(named("TemperatureReading", Fixtures.minimalReading().build())),
                arguments(named("LocationFix", Fixtures.minimalFix().build())),
                arguments(named("CustodyEvent", Fixtures.minimalCustodyEvent().build())),
                arguments(named("Alert", Fixtures.minimalAlert().build())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyFieldSet")
    @DisplayName("with every optional field set")
    void shouldRoundTripWithEveryOptionalFieldSet(final SpecificRecord record) {
        assertThat(roundTrip(record)).isEqualTo(record);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optionalFieldsNull")
    @DisplayName("with every optional field null")
    void shouldRoundTripWithEveryOptionalFieldNull(final SpecificRecord record) {
        assertThat(roundTrip(record)).isEqualTo(record);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyFieldSet")
    @DisplayName("the full fixtures really set every field, nested ones included")
    void shouldHaveFullFixturesWithoutNullOrEmptyFields(final SpecificRecord record) {
        assertThat(unsetFields(record, record.getSchema().getName())).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optionalFieldsNull")
    @DisplayName("the minimal fixtures really leave every optional field null, nested ones included")
    void shouldHaveMinimalFixturesWithOnlyRequiredFields(final SpecificRecord record) {
        assertThat(setOptionalFields(record, record.getSchema().getName())).isEmpty();
    }

    private static <T extends SpecificRecord> T roundTrip(final T record) {
        final AvroWireSerde<T> serde = Wire.serdeFor(AvroSerdes.local(), record);
        final byte[] bytes = serde.serializer().serialize(TOPIC, record);
        return serde.deserializer().deserialize(TOPIC, bytes);
    }

    /** Paths of fields that are null or empty collections, so a new optional field cannot go untested. */
    private static List<String> unsetFields(final Object value, final String path) {
        final List<String> unset = new ArrayList<>();
        if (value == null || isEmptyCollection(value)) {
            unset.add(path);
        } else if (value instanceof SpecificRecord record) {
            for (final Schema.Field field : record.getSchema().getFields()) {
                unset.addAll(unsetFields(record.get(field.pos()), path + "." + field.name()));
            }
        } else if (value instanceof Collection<?> items) {
            items.forEach(item -> unset.addAll(unsetFields(item, path + "[]")));
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unset.addAll(unsetFields(v, path + "{" + k + "}")));
        }
        return unset;
    }

    /** Paths of optional (nullable) fields that are set, and of defaulted collections that are not empty. */
    private static List<String> setOptionalFields(final Object value, final String path) {
        final List<String> set = new ArrayList<>();
        if (value instanceof SpecificRecord record) {
            for (final Schema.Field field : record.getSchema().getFields()) {
                final Object fieldValue = record.get(field.pos());
                final String fieldPath = path + "." + field.name();
                final boolean defaultedCollection = field.hasDefaultValue()
                        && (field.schema().getType() == Schema.Type.ARRAY || field.schema().getType() == Schema.Type.MAP);
                if (field.schema().isNullable() && fieldValue != null || defaultedCollection && !isEmptyCollection(fieldValue)) {
                    set.add(fieldPath);
                } else {
                    set.addAll(setOptionalFields(fieldValue, fieldPath));
                }
            }
        } else if (value instanceof Collection<?> items) {
            items.forEach(item -> set.addAll(setOptionalFields(item, path + "[]")));
        }
        return set;
    }

    private static boolean isEmptyCollection(final Object value) {
        return value instanceof Collection<?> c && c.isEmpty() || value instanceof Map<?, ?> m && m.isEmpty();
    }
}
