package io.coldchain.serde;

import java.time.Duration;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * Creates wire-format serdes that share one {@link SchemaIds}: a registry client when
 * {@value #REGISTRY_URL} is set, the deterministic local ids otherwise.
 */
public final class AvroSerdes {

    public static final String REGISTRY_URL = "schema.registry.url";
    public static final String AUTO_REGISTER = "auto.register.schemas";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    /**
     * How long a lookup waits for a registry that is down (unreachable, 5xx, 429) before it fails, in ms; 0 (the
     * default) fails at once, as a command-line tool should. The streams application waits, so an outage pauses
     * processing instead of failing records.
     */
    public static final String OUTAGE_WAIT_MS = "coldchain.schema.registry.outage.wait.ms";

    private final SchemaIds ids;

    public AvroSerdes(final SchemaIds ids) {
        this.ids = ids;
    }

    /** Serdes configured from {@code schema.registry.url}, {@code auto.register.schemas}, {@code basic.auth.user.info}. */
    public static AvroSerdes fromConfig(final Map<String, ?> config) {
        final Object url = config.get(REGISTRY_URL);
        if (url == null || url.toString().isBlank()) {
            return new AvroSerdes(new LocalSchemaIds());
        }
        final Object auto = config.get(AUTO_REGISTER);
        final boolean autoRegister = auto == null || Boolean.parseBoolean(auto.toString());
        final Object userInfo = config.get(BASIC_AUTH_USER_INFO);
        final Object outageWait = config.get(OUTAGE_WAIT_MS);
        return new AvroSerdes(new RegistrySchemaIds(url.toString(), autoRegister,
                userInfo == null ? null : userInfo.toString(),
                Duration.ofMillis(outageWait == null ? 0 : Long.parseLong(outageWait.toString()))));
    }

    public static AvroSerdes local() {
        return new AvroSerdes(new LocalSchemaIds());
    }

    public <T extends SpecificRecord> AvroWireSerde<T> value(final Class<T> type) {
        return new AvroWireSerde<>(type, ids, false);
    }

    public SchemaIds ids() {
        return ids;
    }
}
