package io.coldchain.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.schemas.ShipmentPlan;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ShipmentPlan v3 (detectionOverrides) is backward and forward compatible with v2")
class ShipmentPlanEvolutionTest {

    private static final Schema V3 = ShipmentPlan.getClassSchema();

    /** v2 is v3 without its last field: the schema as it was shipped before detectionOverrides. */
    private static Schema v2() {
        final List<Schema.Field> fields = V3.getFields().stream()
                .filter(field -> !field.name().equals("detectionOverrides"))
                .map(field -> new Schema.Field(field, field.schema()))
                .toList();
        return Schema.createRecord(V3.getName(), V3.getDoc(), V3.getNamespace(), false, fields);
    }

    @Test
    void shouldEndWithAnOptionalDetectionOverridesThatDefaultsToNull() {
        final Schema.Field last = V3.getFields().get(V3.getFields().size() - 1);
        assertThat(last.name()).isEqualTo("detectionOverrides");
        assertThat(last.hasDefaultValue()).isTrue();
        assertThat(last.schema().getTypes().get(0).getType()).isEqualTo(Schema.Type.NULL);
        assertThat(last.schema().getTypes().get(1).getFields()).allSatisfy(field -> {
            assertThat(field.hasDefaultValue()).as(field.name()).isTrue();
            assertThat(field.doc()).as(field.name()).isNotBlank();
        });
    }

    @Test
    void shouldReadV2BytesWithAV3ReaderAndV3BytesWithAV2Reader() {
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(V3, v2()).getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(v2(), V3).getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }
}
