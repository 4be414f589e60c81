package io.coldchain.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import io.coldchain.contract.audit.AlertAuditState;
import io.coldchain.contract.audit.ChainHead;
import io.coldchain.rules.route.RouteState;
import io.coldchain.rules.history.ShipmentHistory;
import io.coldchain.rules.serial.ChainState;
import io.coldchain.rules.serial.SerialState;
import io.coldchain.rules.temperature.TemperatureState;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class RecordCodecTest {

    /** Every type the application keeps in a store, a changelog or the serial repartition topic ({@link StateSerde}). */
    static final List<Class<?>> STATE_TYPES = List.of(AlertAuditState.class, ChainHead.class, ChainState.class,
            EventClock.class, HeldReceipts.class, RouteState.class, SerialInput.class, SerialPending.class, SerialState.class,
            ShipmentHistory.class, TemperatureState.class);

    private static final ObjectMapper SMILE = new ObjectMapper(new SmileFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    @Test
    void shouldReadEveryStateTypeBackEqualToWhatWasWritten() {
        final Random random = new Random(20261203L);
        for (final Class<?> type : STATE_TYPES) {
            int checked = 0;
            for (int i = 0; i < 300; i++) {
                final Object value = new Values(random).of(type);
                if (value == null) {
                    continue; // a combination the record's constructor refuses
                }
                // Element by element: a record holding a byte[] is not equal to its copy.
                assertThat(roundTrip(type, value)).as("%s #%d", type.getSimpleName(), i).usingRecursiveComparison()
                        .isEqualTo(value);
                checked++;
            }
            assertThat(checked).as("values of %s the generator could build", type.getSimpleName()).isGreaterThan(100);
        }
    }

    @Test
    void shouldReadTheSameValueAsSmileDidForTheSameState() throws IOException {
        // The upgrade reads Smile once and writes this form: both must give the detectors the same state.
        final Random random = new Random(7L);
        for (final Class<?> type : STATE_TYPES) {
            for (int i = 0; i < 100; i++) {
                final Object value = new Values(random).of(type);
                if (value == null) {
                    continue;
                }
                final StateSerde<Object> serde = serde(type);
                final Object fromSmile = serde.deserializer().deserialize("t", SMILE.writeValueAsBytes(value));
                final byte[] binary = serde.serializer().serialize("t", fromSmile);

                assertThat(StateSerde.isBinary(binary)).isTrue();
                assertThat(serde.deserializer().deserialize("t", binary)).as(type.getSimpleName())
                        .usingRecursiveComparison().isEqualTo(fromSmile);
            }
        }
    }

    @Test
    void shouldBeSmallerThanSmile() throws IOException {
        final Random random = new Random(11L);
        long binary = 0;
        long smile = 0;
        for (int i = 0; i < 200; i++) {
            final Object value = new Values(random).of(SerialState.class);
            if (value != null) {
                binary += serde(SerialState.class).serializer().serialize("t", value).length;
                smile += SMILE.writeValueAsBytes(value).length;
            }
        }
        assertThat(binary).isPositive().isLessThan(smile);
    }

    /** Bytes written before a component was appended read it as absent; bytes from a later release skip the extra. */
    @Test
    void shouldReadOlderAndNewerLayoutsOfARecord() {
        final RecordCodec<V1> v1 = RecordCodec.of(V1.class);
        final RecordCodec<V2> v2 = RecordCodec.of(V2.class);
        final byte[] header = {};

        final V2 fromOld = v2.decode(v1.encode(new V1("a", 7L, List.of(new Leaf(1.5, true))), header), 0);
        final V1 fromNew = v1.decode(v2.encode(new V2("b", 8L, List.of(new Leaf(2.5, false)), 99,
                Map.of("k", List.of(new Leaf(3.0, true))), new Leaf(4.0, false), Sizes.LARGE), header), 0);

        assertThat(fromOld).isEqualTo(new V2("a", 7L, List.of(new Leaf(1.5, true)), 0, null, null, null));
        assertThat(fromNew).isEqualTo(new V1("b", 8L, List.of(new Leaf(2.5, false))));
    }

    /** A shipment history as the release before the point stores wrote it: its points inside, no counts. */
    @Test
    void shouldReadAnEarlierReleasesShipmentHistoryWithItsPointsAndEmptyCounts() {
        final HistoryBeforePointStores before = new HistoryBeforePointStores();
        before.productName = "Vaccine X";
        before.lastActivity = 1_700_000_000_000L;
        before.track.add(new ShipmentHistory.Position(1_700_000_000_000L, 47.5, 7.6));
        before.readings.add(new ShipmentHistory.Reading(1_700_000_000_000L, 4.5));

        final ShipmentHistory read = RecordCodec.of(ShipmentHistory.class)
                .decode(RecordCodec.of(HistoryBeforePointStores.class).encode(before, new byte[0]), 0);

        assertThat(read.productName).isEqualTo("Vaccine X");
        assertThat(read.track).extracting(p -> p.lat).containsExactly(47.5);
        assertThat(read.readings).extracting(r -> r.celsius).containsExactly(4.5);
        assertThat(read.trackKept).as("absent: the initializer's value").isNotNull();
        assertThat(read.trackKept.count).isZero();
        assertThat(read.readingsKept.latest).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void shouldKeepTheOrderAndKindOfCollections() {
        final RecordCodec<Containers> codec = RecordCodec.of(Containers.class);
        final Map<String, Long> inserted = new LinkedHashMap<>();
        inserted.put("z", 1L);
        inserted.put("a", 2L);
        final Containers value = new Containers(new TreeMap<>(Map.of("b", 1, "a", 2)), inserted,
                new TreeSet<>(List.of("y", "x")), new LinkedHashSet<>(List.of("q", "p")), new long[] {Long.MIN_VALUE, -1, 0,
                Long.MAX_VALUE}, new double[] {Double.NaN, -0.0, Double.MIN_VALUE}, new int[] {Integer.MIN_VALUE},
                Map.of(Sizes.SMALL, "s"));

        final Containers back = codec.decode(codec.encode(value, new byte[0]), 0);

        assertThat(back.sorted()).isInstanceOf(SortedMap.class).containsExactly(Map.entry("a", 2), Map.entry("b", 1));
        assertThat(back.inserted()).containsExactly(Map.entry("z", 1L), Map.entry("a", 2L));
        assertThat(back.sortedSet()).isInstanceOf(SortedSet.class).containsExactly("x", "y");
        assertThat(back.insertedSet()).containsExactly("q", "p");
        assertThat(back.longs()).containsExactly(Long.MIN_VALUE, -1, 0, Long.MAX_VALUE);
        assertThat(Double.doubleToRawLongBits(back.doubles()[1])).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(back.doubles()[0]).isNaN();
        assertThat(back.ints()).containsExactly(Integer.MIN_VALUE);
        assertThat(back.byEnum()).containsExactly(Map.entry(Sizes.SMALL, "s"));
    }

    @Test
    void shouldRefuseTypesItCannotWriteWhenBuiltNotWhenWriting() {
        assertThatThrownBy(() -> RecordCodec.of(Unsupported.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unsupported.when").hasMessageContaining("java.time.Instant");
        assertThatThrownBy(() -> RecordCodec.of(String.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a record");
        assertThat(RecordCodec.isFieldsClass(Bean.class)).as("private fields behind accessors").isFalse();
        final RecordCodec<Small> small = RecordCodec.of(Small.class);
        final byte[] tooLarge = RecordCodec.of(Wide.class).encode(new Wide(300), new byte[0]);
        assertThatThrownBy(() -> small.decode(tooLarge, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("300 does not fit a byte");
    }

    @Test
    void shouldFailWithAMessageOnTruncatedOrForeignBytes() {
        final StateSerde<SerialState> serde = new StateSerde<>(SerialState.class);
        final SerialState value = (SerialState) new Values(new Random(3L)).ofNonNull(SerialState.class);
        final byte[] bytes = serde.serializer().serialize("t", value);

        for (int cut = 2; cut < bytes.length; cut += Math.max(1, bytes.length / 40)) {
            final byte[] truncated = Arrays.copyOf(bytes, cut);
            assertThatThrownBy(() -> serde.deserializer().deserialize("t", truncated)).as("cut at %d", cut)
                    .isInstanceOf(SerializationException.class).hasMessageContaining("SerialState");
        }
        final byte[] later = bytes.clone();
        later[1] = 2;
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", later)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("version 2");
        final byte[] trailing = Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", trailing))
                .isInstanceOf(SerializationException.class).hasMessageContaining("left after");
    }

    /**
     * Positions are the contract of the binary form: state written by an earlier release is read by position. A state
     * record may only grow at its end. If this fails because you appended a component, append it to the file too; if
     * you removed, renamed, reordered or retyped one, add a new component at the end instead.
     */
    @Test
    void shouldOnlyEverAppendComponentsToStateRecords() throws IOException {
        final Map<String, List<String>> recorded = recordedLayouts();
        final Map<String, List<String>> current = new TreeMap<>();
        final Map<String, String> lines = new TreeMap<>();
        for (final Class<?> type : STATE_TYPES) {
            for (final String layout : RecordCodec.of(type).layout()) {
                final String name = layout.substring(0, layout.indexOf('('));
                assertThat(lines.getOrDefault(name, layout)).as("two state records named %s: give one another name",
                        name).isEqualTo(layout);
                current.put(name, components(layout));
                lines.put(name, layout);
            }
        }
        // The layouts as they are now, to copy from when a component was appended.
        Files.writeString(Path.of("target", "state-layouts.current.txt"), String.join("\n", lines.values()) + "\n");
        for (final Map.Entry<String, List<String>> was : recorded.entrySet()) {
            assertThat(current).as("state record %s is still a state record", was.getKey()).containsKey(was.getKey());
            final List<String> now = current.get(was.getKey());
            assertThat(now.size()).as("components of %s", was.getKey()).isGreaterThanOrEqualTo(was.getValue().size());
            assertThat(now.subList(0, was.getValue().size())).as("the recorded components of %s, in order (only"
                    + " append; see state-layouts.txt)", was.getKey()).isEqualTo(was.getValue());
        }
        assertThat(recorded.keySet()).as("every state record is in state-layouts.txt (the current layouts are in"
                + " target/state-layouts.current.txt)").containsAll(current.keySet());
    }

    private static Map<String, List<String>> recordedLayouts() throws IOException {
        final Map<String, List<String>> layouts = new TreeMap<>();
        try (InputStream in = RecordCodecTest.class.getResourceAsStream("/state-layouts.txt")) {
            assertThat(in).as("state-layouts.txt on the test class path").isNotNull();
            for (final String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    layouts.put(line.substring(0, line.indexOf('(')), components(line.strip()));
                }
            }
        }
        return layouts;
    }

    private static List<String> components(final String layout) {
        final String inner = layout.substring(layout.indexOf('(') + 1, layout.length() - 1);
        return inner.isEmpty() ? List.of() : List.of(inner.split(", "));
    }

    @SuppressWarnings("unchecked")
    private static StateSerde<Object> serde(final Class<?> type) {
        return (StateSerde<Object>) new StateSerde<>(type);
    }

    private static Object roundTrip(final Class<?> type, final Object value) {
        final StateSerde<Object> serde = serde(type);
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", value));
    }

    record Leaf(double value, boolean flag) {
    }

    record V1(String name, long count, List<Leaf> leaves) {
    }

    record V2(String name, long count, List<Leaf> leaves, int added, Map<String, List<Leaf>> more, Leaf leaf, Sizes size) {
    }

    enum Sizes { SMALL, LARGE }

    record Containers(SortedMap<String, Integer> sorted, Map<String, Long> inserted, SortedSet<String> sortedSet,
                      java.util.Set<String> insertedSet, long[] longs, double[] doubles, int[] ints, Map<Sizes, String> byEnum) {
    }

    record Unsupported(String name, java.time.Instant when) {
    }

    record Small(byte value) {
    }

    record Primitives(long l, int i, short s, byte b, double d, float f, boolean t, String after) {
    }

    record Boxed(Long l, Integer i, Short s, Byte b, Double d, Float f, Boolean t, String after) {
    }

    public static final class PrimitiveFields {
        public long l;
        public int i;
        public short s;
        public byte b;
        public double d;
        public float f;
        public boolean t;
        public String after;
    }

    /**
     * Primitive components are written without boxing: the bytes must be those of the boxed path, which wrote every state
     * an earlier release left, for every edge value, in records and in classes of public fields.
     */
    @Test
    void shouldWritePrimitiveComponentsAsTheirBoxedTwins() {
        final long[] longs = {0, 1, -1, 63, -64, 64, Long.MAX_VALUE, Long.MIN_VALUE, 1_796_413_316_000L};
        final double[] doubles = {0.0, -0.0, 1.5, -273.15, Double.NaN, Double.POSITIVE_INFINITY, Double.MIN_VALUE,
            Double.MAX_VALUE};
        for (final long l : longs) {
            for (final double d : doubles) {
                final int i = (int) l;
                final short sh = (short) l;
                final byte b = (byte) l;
                final float f = (float) d;
                final boolean t = (l & 1) == 1;
                final byte[] boxed = RecordCodec.of(Boxed.class).encode(new Boxed(l, i, sh, b, d, f, t, "x"), new byte[0]);
                final Primitives value = new Primitives(l, i, sh, b, d, f, t, "x");
                assertThat(RecordCodec.of(Primitives.class).encode(value, new byte[0])).as("%s", value).isEqualTo(boxed);
                assertThat(RecordCodec.of(Primitives.class).decode(boxed, 0)).isEqualTo(value);
                final PrimitiveFields fields = new PrimitiveFields();
                fields.l = l;
                fields.i = i;
                fields.s = sh;
                fields.b = b;
                fields.d = d;
                fields.f = f;
                fields.t = t;
                fields.after = "x";
                assertThat(RecordCodec.of(PrimitiveFields.class).encode(fields, new byte[0])).as("%s", value)
                        .isEqualTo(boxed);
            }
        }
    }

    record Wide(long value) {
    }

    /** Neither a record nor a class of public fields: {@link StateSerde} writes it as Smile. */
    /** {@link ShipmentHistory}'s layout before {@code trackKept} and {@code readingsKept} were appended. */
    public static final class HistoryBeforePointStores {
        public String productName;
        public String gtin;
        public String lot;
        public String planStatus;
        public long planIssuedAt = -1;
        public long lastActivity = -1;
        public ShipmentHistory.Position lastPosition;
        public ShipmentHistory.Reading lastReading;
        public Double minCelsius;
        public Double maxCelsius;
        public List<ShipmentHistory.Position> track = new ArrayList<>();
        public List<ShipmentHistory.Reading> readings = new ArrayList<>();
        public List<ShipmentHistory.Handoff> custody = new ArrayList<>();
    }

    public static final class Bean {
        private String name;

        public String getName() {
            return name;
        }

        public void setName(final String name) {
            this.name = name;
        }
    }

    /** A class of public fields, as an earlier release wrote it and as a later one reads it (a field appended). */
    public static final class FieldsV1 {
        public String name;
        public long count = -1;
    }

    public static final class FieldsV2 {
        public String name;
        public long count = -1;
        public List<String> tags = new ArrayList<>();
        public long since = -1;
    }

    @Test
    void shouldGiveFieldsAbsentFromOlderBytesTheirInitialValues() {
        final FieldsV1 old = new FieldsV1();
        old.name = "a";
        old.count = 5;

        final FieldsV2 read = RecordCodec.of(FieldsV2.class).decode(RecordCodec.of(FieldsV1.class).encode(old, new byte[0]), 0);

        assertThat(read.name).isEqualTo("a");
        assertThat(read.count).isEqualTo(5);
        assertThat(read.tags).isEmpty();
        assertThat(read.since).isEqualTo(-1);
    }

    @Test
    void shouldWriteOtherClassesAsSmile() {
        final StateSerde<Bean> serde = new StateSerde<>(Bean.class);
        final Bean bean = new Bean();
        bean.setName("n");

        final byte[] bytes = serde.serializer().serialize("t", bean);

        assertThat(StateSerde.isSmile(bytes)).isTrue();
        assertThat(serde.deserializer().deserialize("t", bytes).getName()).isEqualTo("n");
        final byte[] binary = serde(EventClock.class).serializer().serialize("t", new EventClock(1L, List.of()));
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", binary)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("binary form");
    }

    /** Random values of a record type, by its components' declared types: nulls, extremes, unicode, empty lists. */
    static final class Values {
        private static final String[] STRINGS = {"", "SHP-1", "urn:epc:id:sgtin:0614141.107346.2017", "Zürich – 東京",
            "\"quoted\\\" \n\t\u0000", "x".repeat(300), "\uD83D\uDE9A"};
        private final Random random;

        Values(final Random random) {
            this.random = random;
        }

        /** A value of {@code type}, or null when its constructor refused the components drawn. */
        Object of(final Class<?> type) {
            try {
                return ofNonNull(type);
            } catch (IllegalArgumentException | NullPointerException | IllegalStateException e) {
                return null;
            }
        }

        Object ofNonNull(final Class<?> type) {
            return value(type, 0, false);
        }

        private Object value(final Type declared, final int depth, final boolean nullable) {
            if (nullable && random.nextInt(6) == 0) {
                return null;
            }
            if (declared instanceof ParameterizedType p) {
                final Class<?> raw = (Class<?>) p.getRawType();
                final Type[] args = p.getActualTypeArguments();
                final int n = depth > 3 ? 0 : random.nextInt(4);
                if (Map.class.isAssignableFrom(raw)) {
                    final Map<Object, Object> m = SortedMap.class.isAssignableFrom(raw) ? new TreeMap<>() : new LinkedHashMap<>();
                    for (int i = 0; i < n; i++) {
                        m.put(value(args[0], depth + 1, false), value(args[1], depth + 1, false));
                    }
                    return m;
                }
                final Collection<Object> c = SortedSet.class.isAssignableFrom(raw) ? new TreeSet<>()
                        : java.util.Set.class.isAssignableFrom(raw) ? new LinkedHashSet<>() : new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    c.add(value(args[0], depth + 1, false));
                }
                return c;
            }
            final Class<?> c = (Class<?>) declared;
            if (c == long.class || c == Long.class) {
                return switch (random.nextInt(4)) {
                    case 0 -> Long.MIN_VALUE;
                    case 1 -> Long.MAX_VALUE;
                    case 2 -> (long) random.nextInt(100) - 50;
                    default -> 1_767_225_600_000L + random.nextInt(1_000_000_000);
                };
            }
            if (c == int.class || c == Integer.class) {
                return random.nextBoolean() ? random.nextInt() : random.nextInt(10);
            }
            if (c == double.class || c == Double.class) {
                return random.nextBoolean() ? random.nextGaussian() * 100 : (double) random.nextInt(10);
            }
            if (c == byte.class) {
                return (byte) random.nextInt();
            }
            if (c == boolean.class || c == Boolean.class) {
                return random.nextBoolean();
            }
            if (c == String.class) {
                return STRINGS[random.nextInt(STRINGS.length)];
            }
            if (c.isEnum()) {
                final Object[] constants = c.getEnumConstants();
                return constants[random.nextInt(constants.length)];
            }
            if (c.isArray()) {
                final int n = random.nextInt(4);
                final Object array = Array.newInstance(c.getComponentType(), n);
                for (int i = 0; i < n; i++) {
                    Array.set(array, i, value(c.getComponentType(), depth + 1, false));
                }
                return array;
            }
            if (RecordCodec.isFieldsClass(c)) {
                try {
                    final Object instance = c.getConstructor().newInstance();
                    for (final java.lang.reflect.Field f : c.getDeclaredFields()) {
                        if (!java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                            f.set(instance, value(f.getGenericType(), depth + 1, !f.getType().isPrimitive()));
                        }
                    }
                    return instance;
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            if (c.isRecord()) {
                final RecordComponent[] components = c.getRecordComponents();
                final Object[] args = new Object[components.length];
                final Class<?>[] types = new Class<?>[components.length];
                for (int i = 0; i < components.length; i++) {
                    types[i] = components[i].getType();
                    args[i] = value(components[i].getGenericType(), depth + 1, !types[i].isPrimitive());
                }
                try {
                    final Constructor<?> canonical = c.getDeclaredConstructor(types);
                    canonical.setAccessible(true);
                    return canonical.newInstance(args);
                } catch (InvocationTargetException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new IllegalStateException(e.getCause());
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            throw new IllegalStateException("no values of " + c);
        }
    }
}
