package io.coldchain.cli.epcis;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The test resource {@code epcis/epcis-2.0-subset.schema.json} (a subset of the GS1 EPCIS 2.0 JSON schema, written
 * from the standard) with a JSON-schema validator; shared by the unit tests and {@code EpcisExportIT}.
 */
public final class EpcisSchema {

    private static final Schema SCHEMA = load();

    private EpcisSchema() {
    }

    /** Every rule {@code document} breaks, one line each; empty when it is valid. */
    public static List<String> errors(final JsonNode document) {
        return SCHEMA.validate(document).stream().map(Error::toString).toList();
    }

    private static Schema load() {
        try (InputStream in = EpcisSchema.class.getClassLoader()
                .getResourceAsStream("epcis/epcis-2.0-subset.schema.json")) {
            if (in == null) {
                throw new IllegalStateException("epcis/epcis-2.0-subset.schema.json is not on the test class path");
            }
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
