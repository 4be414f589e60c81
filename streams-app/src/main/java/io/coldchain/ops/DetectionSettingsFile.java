package io.coldchain.ops;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.coldchain.errors.UserError;
import io.coldchain.rules.route.RouteSettings;
import io.coldchain.rules.serial.SerialSettings;
import io.coldchain.rules.temperature.TemperatureProfiles;
import io.coldchain.rules.temperature.TemperatureSettings;
import io.coldchain.contract.validation.EventTimeWindow;
import io.coldchain.domain.LimitDirection;
import io.coldchain.domain.Severity;
import io.coldchain.domain.TemperatureProfile;
import io.coldchain.domain.TemperatureRule;
import io.coldchain.domain.TemperatureRuleKind;
import io.coldchain.streams.DetectionSettings;
import io.coldchain.units.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The detection settings as data: a YAML file an operator edits, whose every key is optional and overrides the
 * default of the same path, with units in the values ({@code 10m}, {@code 2km}, {@code 120km/h}, {@code 2.5C}; see
 * {@link Quantities} and {@link Durations}). Temperature profiles of the operator's own go under {@code profiles:} and may be named by
 * plans like the built-in presets (a profile with a preset's name replaces it). {@link #describe} writes the
 * effective settings in the same form, which is what {@code streams --print-detection-settings} prints and the
 * application logs at start; {@code docs/DETECTION-SETTINGS.md} shows the defaults.
 *
 * <p>A file is checked whole before anything starts: unknown keys, values that are not numbers, durations or
 * enum constants, and values the settings refuse (a negative radius) each give one line naming the key.
 */
public final class DetectionSettingsFile {

    private static final YAMLMapper YAML = mapper();

    private DetectionSettingsFile() {
    }

    /** A settings file that cannot be used: one line naming the file, the key and what is wrong. */
    public static final class InvalidSettingsException extends UserError {
        private static final long serialVersionUID = 1L;

        InvalidSettingsException(final String message) {
            super(message);
        }
    }

    /**
     * One operator-defined temperature profile. Durations with units; temperatures in °C.
     *
     * @param name            the name plans refer to ({@code profileName})
     * @param minCelsius      lower bound of the storage band, inclusive; omit for none
     * @param maxCelsius      upper bound of the storage band, inclusive; omit for none
     * @param maxReadingGap   the longest interval one reading may stand for (default 30m)
     * @param maxSilence      the longest time without a reading in transit before SENSOR_SILENT (default 1h)
     * @param stabilityBudget total time outside the band allowed over the shipment (default 0s: none)
     * @param rules           rules evaluated in addition to the band
     */
    public record ProfileSpec(String name, Double minCelsius, Double maxCelsius, Duration maxReadingGap,
                              Duration maxSilence, Duration stabilityBudget, List<RuleSpec> rules) {
    }

    /**
     * One rule of a profile, as in the {@code TemperatureRule} schema.
     *
     * @param duration for CONSECUTIVE and CUMULATIVE rules
     * @param window   for MKT rules
     */
    public record RuleSpec(String ruleId, TemperatureRuleKind kind, LimitDirection direction, double limitCelsius,
                           Duration duration, Duration window, Severity severity) {
    }

    /** The file's shape: every family's settings, the retention of delivered shipments, the event-time window. */
    record FileView(TemperatureSettings temperature, RouteSettings route, SerialSettings serial,
                    Duration deliveredRetention, EventTimeWindow eventTimes, List<ProfileSpec> profiles) {
    }

    /**
     * The settings of {@code file} over the defaults.
     *
     * @throws InvalidSettingsException when the file cannot be read or a value is refused
     */
    public static DetectionSettings read(final Path file) {
        final String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InvalidSettingsException("detection settings " + file + ": no such file");
        } catch (IOException e) {
            throw new InvalidSettingsException("detection settings " + file + ": cannot be read: " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    /**
     * The settings of {@code yaml} over the defaults; {@code source} names it in errors.
     *
     * @throws InvalidSettingsException when a value is refused
     */
    public static DetectionSettings parse(final String yaml, final String source) {
        final String where = "detection settings " + source + ": ";
        final JsonNode user;
        try {
            user = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            final String first = e.getOriginalMessage().split("\n")[0];
            throw new InvalidSettingsException(where + "not YAML: " + first
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        }
        if (user == null || user.isMissingNode() || user.isNull()) {
            return DetectionSettings.defaults();
        }
        if (!user.isObject()) {
            throw new InvalidSettingsException(where + "expected keys such as temperature:, route:, serial:, profiles:");
        }
        final ObjectNode merged = (ObjectNode) YAML.valueToTree(view(DetectionSettings.defaults()));
        merged.remove("profiles");
        try {
            normaliseUnits(user, "");
            merge(merged, (ObjectNode) user);
            return settings(YAML.treeToValue(merged, FileView.class));
        } catch (ValueInstantiationException e) {
            throw new InvalidSettingsException(where + path(e) + rootMessage(e));
        } catch (JsonMappingException e) {
            throw new InvalidSettingsException(where + path(e) + problem(e));
        } catch (JsonProcessingException e) {
            throw new InvalidSettingsException(where + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException(where + e.getMessage());
        }
    }

    /** {@code settings} as the YAML a file would hold: every threshold with its unit, and the profiles. */
    public static String describe(final DetectionSettings settings) {
        try {
            return YAML.writeValueAsString(view(settings));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("detection settings cannot be written as YAML", e);
        }
    }

    private static FileView view(final DetectionSettings settings) {
        final List<ProfileSpec> profiles = new ArrayList<>();
        for (final String name : settings.profiles().names()) {
            settings.profiles().byName(name).ifPresent(p -> profiles.add(spec(p)));
        }
        return new FileView(settings.temperature(), settings.route(), settings.serial(), settings.deliveredRetention(),
                settings.eventTimes(), profiles);
    }

    private static DetectionSettings settings(final FileView view) {
        final List<TemperatureProfile> own = new ArrayList<>();
        final Set<String> names = new HashSet<>();
        final List<ProfileSpec> specs = view.profiles() == null ? List.of() : view.profiles();
        for (int i = 0; i < specs.size(); i++) {
            final TemperatureProfile profile = profile(specs.get(i), "profiles[" + i + "]");
            if (!names.add(profile.name())) {
                throw new UserError("profiles[" + i + "]: a second profile named '" + profile.name()
                        + "'");
            }
            own.add(profile);
        }
        return new DetectionSettings(TemperatureProfiles.builtIn().with(own), view.temperature(), view.route(),
                view.serial(), view.deliveredRetention(), view.eventTimes());
    }

    private static TemperatureProfile profile(final ProfileSpec spec, final String at) {
        if (spec.name() == null || spec.name().isBlank()) {
            throw new UserError(at + ".name: a profile needs a name");
        }
        final String where = at + " ('" + spec.name() + "')";
        final double min = spec.minCelsius() == null ? Double.NEGATIVE_INFINITY : spec.minCelsius();
        final double max = spec.maxCelsius() == null ? Double.POSITIVE_INFINITY : spec.maxCelsius();
        if (min > max) {
            throw new UserError(where + ": minCelsius " + min + " is above maxCelsius " + max);
        }
        final Duration gap = orDefault(spec.maxReadingGap(), Duration.ofMinutes(30));
        final Duration silence = orDefault(spec.maxSilence(), Duration.ofHours(1));
        final Duration budget = orDefault(spec.stabilityBudget(), Duration.ZERO);
        if (!positive(gap) || !positive(silence) || budget.isNegative()) {
            throw new UserError(where + ": maxReadingGap and maxSilence must be positive, "
                    + "stabilityBudget not negative");
        }
        final List<TemperatureRule> rules = new ArrayList<>();
        final List<RuleSpec> ruleSpecs = spec.rules() == null ? List.of() : spec.rules();
        for (int r = 0; r < ruleSpecs.size(); r++) {
            rules.add(rule(ruleSpecs.get(r), where + ".rules[" + r + "]"));
        }
        return TemperatureProfile.builder().name(spec.name()).minCelsius(min).maxCelsius(max)
                .maxReadingGapMillis(gap.toMillis()).maxSilenceMillis(silence.toMillis())
                .stabilityBudgetMillis(budget.toMillis()).rules(rules).build();
    }

    private static TemperatureRule rule(final RuleSpec spec, final String at) {
        if (spec.ruleId() == null || spec.ruleId().isBlank() || spec.kind() == null || spec.direction() == null
                || spec.severity() == null) {
            throw new UserError(at + ": a rule needs ruleId, kind, direction, limitCelsius and severity");
        }
        final Duration duration = orDefault(spec.duration(), Duration.ZERO);
        final Duration window = orDefault(spec.window(), Duration.ZERO);
        final boolean needsDuration = spec.kind() == TemperatureRuleKind.CONSECUTIVE
                || spec.kind() == TemperatureRuleKind.CUMULATIVE;
        if (needsDuration && !positive(duration)) {
            throw new UserError(at + " ('" + spec.ruleId() + "'): a " + spec.kind()
                    + " rule needs a positive duration");
        }
        if (spec.kind() == TemperatureRuleKind.MKT && !positive(window)) {
            throw new UserError(at + " ('" + spec.ruleId() + "'): an MKT rule needs a positive window");
        }
        if (!Double.isFinite(spec.limitCelsius())) {
            throw new UserError(at + " ('" + spec.ruleId() + "'): limitCelsius must be a number");
        }
        return TemperatureRule.builder().ruleId(spec.ruleId()).kind(spec.kind())
                .direction(spec.direction()).limitCelsius(spec.limitCelsius())
                .durationMillis(duration.toMillis()).windowMillis(window.toMillis())
                .severity(spec.severity()).build();
    }

    private static ProfileSpec spec(final TemperatureProfile p) {
        return new ProfileSpec(p.name(), Double.isFinite(p.minCelsius()) ? p.minCelsius() : null,
                Double.isFinite(p.maxCelsius()) ? p.maxCelsius() : null,
                Duration.ofMillis(p.maxReadingGapMillis()), Duration.ofMillis(p.maxSilenceMillis()),
                Duration.ofMillis(p.stabilityBudgetMillis()),
                p.rules().stream().map(r -> new RuleSpec(r.ruleId(), r.kind(), r.direction(),
                        r.limitCelsius(), Duration.ofMillis(r.durationMillis()),
                        Duration.ofMillis(r.windowMillis()), r.severity())).toList());
    }

    private static boolean positive(final Duration value) {
        return !value.isNegative() && !value.isZero();
    }

    private static Duration orDefault(final Duration value, final Duration otherwise) {
        return value == null ? otherwise : value;
    }

    /** Text values of settings named with a unit ({@code …Meters}, {@code …Kmh}, {@code …Celsius}) become numbers. */
    private static void normaliseUnits(final JsonNode node, final String path) {
        if (node instanceof ObjectNode object) {
            final Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            final List<Map.Entry<String, JsonNode>> replaced = new ArrayList<>();
            while (fields.hasNext()) {
                final Map.Entry<String, JsonNode> field = fields.next();
                final String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (field.getValue().isTextual() && Quantities.Unit.of(field.getKey()) != null) {
                    try {
                        replaced.add(Map.entry(field.getKey(),
                                DoubleNode.valueOf(Quantities.parse(field.getKey(), field.getValue().asText()))));
                    } catch (IllegalArgumentException e) {
                        throw new UserError(at + ": " + e.getMessage());
                    }
                } else {
                    normaliseUnits(field.getValue(), at);
                }
            }
            replaced.forEach(e -> object.set(e.getKey(), e.getValue()));
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                normaliseUnits(array.get(i), path + "[" + i + "]");
            }
        }
    }

    /** {@code user} over {@code defaults}: objects key by key, anything else replaced. */
    private static void merge(final ObjectNode defaults, final ObjectNode user) {
        user.fields().forEachRemaining(field -> {
            final JsonNode base = defaults.get(field.getKey());
            if (base instanceof ObjectNode baseObject && field.getValue() instanceof ObjectNode userObject) {
                merge(baseObject, userObject);
            } else {
                defaults.set(field.getKey(), field.getValue());
            }
        });
    }

    private static String path(final JsonMappingException e) {
        final StringBuilder out = new StringBuilder();
        for (final JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.isEmpty() ? "" : out + ": ";
    }

    /** What a value should have been, in the operator's terms rather than Jackson's. */
    private static String problem(final JsonMappingException e) {
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                && !(e instanceof UnrecognizedPropertyException)) {
            final Class<?> type = mismatch.getTargetType();
            final String got = e instanceof InvalidFormatException invalid ? ", got '" + invalid.getValue() + "'" : "";
            if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
                return "expected a whole number" + got;
            }
            if (type == double.class || type == Double.class) {
                return "expected a number" + got;
            }
            if (type.isEnum()) {
                return "expected one of " + java.util.Arrays.toString(type.getEnumConstants()) + got;
            }
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "unknown setting '" + unknown.getPropertyName() + "'; known here: " + unknown.getKnownPropertyIds();
        }
        return e.getOriginalMessage().split("\n")[0];
    }

    private static String rootMessage(final Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    private static YAMLMapper mapper() {
        final SimpleModule units = new SimpleModule("coldchain-units");
        units.addSerializer(Duration.class, new JsonSerializer<>() {
            @Override
            public void serialize(final Duration value, final JsonGenerator gen, final SerializerProvider provider)
                    throws IOException {
                gen.writeString(Durations.format(value));
            }
        });
        units.addDeserializer(Duration.class, new JsonDeserializer<>() {
            @Override
            public Duration deserialize(final JsonParser p, final DeserializationContext ctxt) throws IOException {
                try {
                    return Durations.parse(p.getValueAsString(p.getText()));
                } catch (IllegalArgumentException e) {
                    throw JsonMappingException.from(p, e.getMessage());
                }
            }
        });
        units.addSerializer(Instant.class, new JsonSerializer<>() {
            @Override
            public void serialize(final Instant value, final JsonGenerator gen, final SerializerProvider provider)
                    throws IOException {
                gen.writeString(value.toString());
            }
        });
        units.addDeserializer(Instant.class, new JsonDeserializer<>() {
            @Override
            public Instant deserialize(final JsonParser p, final DeserializationContext ctxt) throws IOException {
                try {
                    return Instant.parse(p.getValueAsString());
                } catch (DateTimeParseException | NullPointerException e) {
                    throw JsonMappingException.from(p, "'" + p.getText() + "' is not an ISO-8601 instant such as "
                            + "2000-01-01T00:00:00Z");
                }
            }
        });
        final YAMLMapper mapper = new YAMLMapper(YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .build());
        mapper.registerModule(units);
        mapper.setSerializationInclusion(JsonInclude.Include.NON_NULL);
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        return mapper;
    }
}
