package io.coldchain.streams;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The compact binary form of the application's state records ({@link StateSerde}): the record's components in
 * declaration order, each value preceded by a one-byte tag, numbers as zig-zag variable-length integers, strings as
 * UTF-8. No field names are written, so a serial state is a fraction of its Smile size, and encoding is a walk over a
 * tree of codecs built once per type by reflection over the record components, with no parsing of names.
 *
 * <p><b>Evolution.</b> Every record is written with its number of components, and every value with its tag, so:
 * <ul>
 *   <li>a component <em>appended</em> to a record reads as absent (null, 0, false) from bytes written before it
 *       existed, as Jackson read a missing property; the record's compact constructor supplies the default;</li>
 *   <li>bytes written by a later version with more components are read, the extra ones skipped;</li>
 *   <li>components must never be removed, renamed to another meaning, reordered or retyped: positions are the
 *       contract. {@code RecordCodecTest} compares every state type with the layouts recorded in
 *       {@code state-layouts.txt} and fails on anything but an append.</li>
 * </ul>
 *
 * <p>A mutable class of public fields ({@link #isFieldsClass}) is written the same way, its fields in declaration order
 * as its components.
 *
 * <p>Supported component types: primitives and their boxes, {@link String}, enums (written by name), records,
 * {@link List}, {@link Set} and {@link Collection}, {@link Map} (any supported key type), {@code byte[]}, and
 * arrays of {@code long}, {@code int} and {@code double}. Any other type is refused when the codec is built, not when a value
 * is written.
 */
final class RecordCodec<T> {

    /** Tags, one before every value. */
    static final byte NULL = 0;
    static final byte FALSE = 1;
    static final byte TRUE = 2;
    static final byte INTEGER = 3;
    static final byte DOUBLE = 4;
    static final byte STRING = 5;
    static final byte LIST = 6;
    static final byte RECORD = 7;
    static final byte MAP = 8;
    static final byte BYTES = 9;

    private static final Map<Class<?>, RecordCodec<?>> CODECS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final ThreadLocal<Out> BUFFERS = ThreadLocal.withInitial(Out::new);

    private final Class<T> type;
    private final Node root;

    private RecordCodec(final Class<T> type) {
        this.type = type;
        this.root = node(type, new HashMap<>());
    }

    /**
     * @throws IllegalArgumentException when {@code type} is neither a record nor a class of public fields
     *                                  ({@link #isFieldsClass}), or holds a component type this codec does not support
     */
    @SuppressWarnings("unchecked")
    static <T> RecordCodec<T> of(final Class<T> type) {
        if (!type.isRecord() && !isFieldsClass(type)) {
            throw new IllegalArgumentException(type.getName() + " is not a record nor a class of public fields");
        }
        return (RecordCodec<T>) CODECS.computeIfAbsent(type, t -> new RecordCodec<>(type));
    }

    Class<T> type() {
        return type;
    }

    /** Writes {@code header} and then {@code value}. */
    byte[] encode(final T value, final byte[] header) {
        final Out out = BUFFERS.get();
        out.reset();
        out.bytes(header, 0, header.length);
        root.write(out, value);
        return out.toByteArray();
    }

    /** Reads the value that starts at {@code offset}. */
    T decode(final byte[] bytes, final int offset) {
        final In in = new In(bytes, offset);
        final Object value = root.read(in, in.tag());
        if (in.pos != bytes.length) {
            throw new IllegalArgumentException((bytes.length - in.pos) + " bytes left after the value");
        }
        return type.cast(value);
    }

    /** The components of the type and of every record it holds, as {@code Name(component:Type, ...)} lines. */
    List<String> layout() {
        final Map<Class<?>, String> layouts = new TreeMap<>((a, b) -> a.getName().compareTo(b.getName()));
        root.layout(layouts);
        return List.copyOf(layouts.values());
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** A codec of one declared type: writes a tag and a payload, reads them back. */
    private interface Node {
        void write(Out out, Object value);

        /** Reads the value whose tag was just read. */
        Object read(In in, byte tag);

        /** What a primitive component is when absent or null. */
        default Object absent() {
            return null;
        }

        String describe();

        default void layout(final Map<Class<?>, String> layouts) {
        }
    }

    private static Node node(final Type declared, final Map<Class<?>, RecordNode> records) {
        if (declared instanceof Class<?> c) {
            return classNode(c, records);
        }
        if (declared instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            final Type[] args = p.getActualTypeArguments();
            if (Map.class.isAssignableFrom(raw)) {
                return new MapNode(raw, node(args[0], records), node(args[1], records));
            }
            if (Collection.class.isAssignableFrom(raw)) {
                return new CollectionNode(raw, node(args[0], records));
            }
        }
        if (declared instanceof GenericArrayType) {
            throw new IllegalArgumentException("generic arrays are not supported: " + declared);
        }
        throw new IllegalArgumentException("unsupported state type " + declared);
    }

    private static Node classNode(final Class<?> c, final Map<Class<?>, RecordNode> records) {
        if (c == long.class || c == Long.class) {
            return new IntegerNode(c, Long.class, c.isPrimitive() ? 0L : null);
        }
        if (c == int.class || c == Integer.class) {
            return new IntegerNode(c, Integer.class, c.isPrimitive() ? 0 : null);
        }
        if (c == short.class || c == Short.class) {
            return new IntegerNode(c, Short.class, c.isPrimitive() ? (short) 0 : null);
        }
        if (c == byte.class || c == Byte.class) {
            return new IntegerNode(c, Byte.class, c.isPrimitive() ? (byte) 0 : null);
        }
        if (c == double.class || c == Double.class) {
            return new DoubleNode(c, false, c.isPrimitive() ? 0.0 : null);
        }
        if (c == float.class || c == Float.class) {
            return new DoubleNode(c, true, c.isPrimitive() ? 0.0f : null);
        }
        if (c == boolean.class || c == Boolean.class) {
            return new BooleanNode(c, c.isPrimitive() ? Boolean.FALSE : null);
        }
        if (c == String.class) {
            return new StringNode();
        }
        if (c.isEnum()) {
            return new EnumNode(c);
        }
        if (c == byte[].class) {
            return new BytesNode();
        }
        if (c == long[].class || c == int[].class || c == double[].class) {
            return new ArrayNode(c);
        }
        if (c.isRecord() || isFieldsClass(c)) {
            final RecordNode known = records.get(c);
            if (known != null) {
                return known;
            }
            final RecordNode record = new RecordNode(c);
            records.put(c, record); // before its components: a record may hold itself
            if (c.isRecord()) {
                record.init(records);
            } else {
                record.initFields(records);
            }
            return record;
        }
        throw new IllegalArgumentException("unsupported state type " + c.getName());
    }

    /**
     * A mutable state class written like a record: public, concrete, a public no-argument constructor, and every
     * instance field public and not final (the shipment history). Its fields are its components, in the order the class
     * declares them; a field absent from older bytes keeps the value its initializer gives.
     */
    static boolean isFieldsClass(final Class<?> c) {
        if (c.isRecord() || c.isInterface() || c.isEnum() || c.isArray() || c.isPrimitive()
                || !Modifier.isPublic(c.getModifiers()) || Modifier.isAbstract(c.getModifiers())
                || c.getSuperclass() != Object.class || c.getName().startsWith("java.")) {
            return false;
        }
        try {
            c.getConstructor();
        } catch (NoSuchMethodException e) {
            return false;
        }
        boolean any = false;
        for (final java.lang.reflect.Field f : c.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic()) {
                continue;
            }
            if (!Modifier.isPublic(f.getModifiers()) || Modifier.isFinal(f.getModifiers())) {
                return false;
            }
            any = true;
        }
        return any;
    }

    private static IllegalArgumentException wrongTag(final byte tag, final String expected) {
        return new IllegalArgumentException("tag " + tag + " where " + expected + " was expected");
    }

    private static final class IntegerNode implements Node {
        private final Class<?> declared;
        private final Class<?> box;
        private final Object absent;

        IntegerNode(final Class<?> declared, final Class<?> box, final Object absent) {
            this.declared = declared;
            this.box = box;
            this.absent = absent;
        }

        @Override
        public void write(final Out out, final Object value) {
            if (value == null) {
                out.tag(NULL);
                return;
            }
            out.tag(INTEGER);
            out.varlong(((Number) value).longValue());
        }

        @Override
        public Object read(final In in, final byte tag) {
            if (tag == NULL) {
                return absent;
            }
            if (tag != INTEGER) {
                throw wrongTag(tag, "an integer");
            }
            final long v = in.varlong();
            if (box == Long.class) {
                return v;
            }
            if (box == Integer.class) {
                return Math.toIntExact(v);
            }
            if (box == Short.class ? v != (short) v : v != (byte) v) {
                throw new IllegalArgumentException(v + " does not fit a " + declared.getSimpleName());
            }
            return box == Short.class ? (Object) (short) v : (Object) (byte) v;
        }

        @Override
        public Object absent() {
            return absent;
        }

        @Override
        public String describe() {
            return declared.getSimpleName();
        }
    }

    private static final class DoubleNode implements Node {
        private final Class<?> declared;
        private final boolean single;
        private final Object absent;

        DoubleNode(final Class<?> declared, final boolean single, final Object absent) {
            this.declared = declared;
            this.single = single;
            this.absent = absent;
        }

        @Override
        public void write(final Out out, final Object value) {
            if (value == null) {
                out.tag(NULL);
                return;
            }
            out.tag(DOUBLE);
            out.fixed64(Double.doubleToRawLongBits(((Number) value).doubleValue()));
        }

        @Override
        public Object read(final In in, final byte tag) {
            if (tag == NULL) {
                return absent;
            }
            final double v;
            if (tag == DOUBLE) {
                v = Double.longBitsToDouble(in.fixed64());
            } else if (tag == INTEGER) {
                v = in.varlong();
            } else {
                throw wrongTag(tag, "a number");
            }
            return single ? (Object) (float) v : (Object) v;
        }

        @Override
        public Object absent() {
            return absent;
        }

        @Override
        public String describe() {
            return declared.getSimpleName();
        }
    }

    private static final class BooleanNode implements Node {
        private final Class<?> declared;
        private final Object absent;

        BooleanNode(final Class<?> declared, final Object absent) {
            this.declared = declared;
            this.absent = absent;
        }

        @Override
        public void write(final Out out, final Object value) {
            out.tag(value == null ? NULL : (Boolean) value ? TRUE : FALSE);
        }

        @Override
        public Object read(final In in, final byte tag) {
            return switch (tag) {
                case NULL -> absent;
                case TRUE -> Boolean.TRUE;
                case FALSE -> Boolean.FALSE;
                default -> throw wrongTag(tag, "a boolean");
            };
        }

        @Override
        public Object absent() {
            return absent;
        }

        @Override
        public String describe() {
            return declared.getSimpleName();
        }
    }

    private static final class StringNode implements Node {
        @Override
        public void write(final Out out, final Object value) {
            if (value == null) {
                out.tag(NULL);
                return;
            }
            out.tag(STRING);
            out.string((String) value);
        }

        @Override
        public Object read(final In in, final byte tag) {
            if (tag == NULL) {
                return null;
            }
            if (tag != STRING) {
                throw wrongTag(tag, "a string");
            }
            return in.string();
        }

        @Override
        public String describe() {
            return "String";
        }
    }

    private static final class EnumNode implements Node {
        private final Class<?> type;
        private final Map<String, Object> byName = new HashMap<>();

        EnumNode(final Class<?> type) {
            this.type = type;
            for (final Object constant : type.getEnumConstants()) {
                byName.put(((Enum<?>) constant).name(), constant);
            }
        }

        @Override
        public void write(final Out out, final Object value) {
            if (value == null) {
                out.tag(NULL);
                return;
            }
            out.tag(STRING);
            out.string(((Enum<?>) value).name());
        }

        @Override
        public Object read(final In in, final byte tag) {
            if (tag == NULL) {
                return null;
            }
            if (tag != STRING) {
                throw wrongTag(tag, "an enum name");
            }
            final String name = in.string();
            final Object constant = byName.get(name);
            if (constant == null) {
                throw new IllegalArgumentException("no " + type.getSimpleName() + " named " + name);
            }
            return constant;
        }

        @Override
        public String describe() {
            return type.getSimpleName();
        }
    }

    private static final class BytesNode implements Node {
        @Override
        public void write(final Out out, final Object value) {
            if (value == null) {
                out.tag(NULL);
                return;
            }
            final byte[] b = (byte[]) value;
            out.tag(BYTES);
            out.varint(b.length);
            out.bytes(b, 0, b.length);
        }

        @Override
        public Object read(final In in, final byte tag) {
            if (tag == NULL) {
                return null;
            }
            if (tag != BYTES) {
                throw wrongTag(tag, "bytes");
            }
            return in.bytes();
        }

        @Override
        public String describe() {
            return "byte[]";
        }
    }

    private static final class ArrayNode implements Node {
        private final Class<?> type;

        ArrayNode(final Class<?> type) {
            this.type = type;
        }

        @Override
        public void write(final Out out, final Object value) {
            if (value == null) {
                out.tag(NULL);
                return;
            }
            out.tag(LIST);
            if (value instanceof long[] a) {
                out.varint(a.length);
                for (final long v : a) {
                    out.tag(INTEGER);
                    out.varlong(v);
                }
            } else if (value instanceof int[] a) {
                out.varint(a.length);
                for (final int v : a) {
                    out.tag(INTEGER);
                    out.varlong(v);
                }
            } else {
                final double[] a = (double[]) value;
                out.varint(a.length);
                for (final double v : a) {
                    out.tag(DOUBLE);
                    out.fixed64(Double.doubleToRawLongBits(v));
                }
            }
        }

        @Override
        public Object read(final In in, final byte tag) {
            if (tag == NULL) {
                return null;
            }
            if (tag != LIST) {
                throw wrongTag(tag, "an array");
            }
            final int n = in.length();
            if (type == long[].class) {
                final long[] a = new long[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (Long) LONGS.read(in, in.tag());
                }
                return a;
            }
            if (type == int[].class) {
                final int[] a = new int[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (Integer) INTS.read(in, in.tag());
                }
                return a;
            }
            final double[] a = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = (Double) DOUBLES.read(in, in.tag());
            }
            return a;
        }

        @Override
        public String describe() {
            return type.getSimpleName();
        }

        private static final Node LONGS = new IntegerNode(long.class, Long.class, 0L);
        private static final Node INTS = new IntegerNode(int.class, Integer.class, 0);
        private static final Node DOUBLES = new DoubleNode(double.class, false, 0.0);
    }

    private static final class CollectionNode implements Node {
        private final Class<?> raw;
        private final Node element;
        private final Supplier<Collection<Object>> factory;

        CollectionNode(final Class<?> raw, final Node element) {
            this.raw = raw;
            this.element = element;
            this.factory = collectionFactory(raw);
        }

        @Override
        public void write(final Out out, final Object value) {
            if (value == null) {
                out.tag(NULL);
                return;
            }
            final Collection<?> c = (Collection<?>) value;
            out.tag(LIST);
            out.varint(c.size());
            if (c instanceof List<?> list && list instanceof java.util.RandomAccess) {
                for (int i = 0; i < list.size(); i++) {
                    element.write(out, list.get(i));
                }
            } else {
                for (final Object e : c) {
                    element.write(out, e);
                }
            }
        }

        @Override
        public Object read(final In in, final byte tag) {
            if (tag == NULL) {
                return null;
            }
            if (tag != LIST) {
                throw wrongTag(tag, "a list");
            }
            final int n = in.length();
            final Collection<Object> c = factory == null ? new ArrayList<>(n) : factory.get();
            for (int i = 0; i < n; i++) {
                c.add(element.read(in, in.tag()));
            }
            return c;
        }

        @Override
        public String describe() {
            return raw.getSimpleName() + "<" + element.describe() + ">";
        }

        @Override
        public void layout(final Map<Class<?>, String> layouts) {
            element.layout(layouts);
        }
    }

    private static final class MapNode implements Node {
        private final Class<?> raw;
        private final Node key;
        private final Node value;
        private final Supplier<Map<Object, Object>> factory;

        MapNode(final Class<?> raw, final Node key, final Node value) {
            this.raw = raw;
            this.key = key;
            this.value = value;
            this.factory = mapFactory(raw);
        }

        @Override
        public void write(final Out out, final Object v) {
            if (v == null) {
                out.tag(NULL);
                return;
            }
            final Map<?, ?> m = (Map<?, ?>) v;
            out.tag(MAP);
            out.varint(m.size());
            for (final Map.Entry<?, ?> e : m.entrySet()) {
                key.write(out, e.getKey());
                value.write(out, e.getValue());
            }
        }

        @Override
        public Object read(final In in, final byte tag) {
            if (tag == NULL) {
                return null;
            }
            if (tag != MAP) {
                throw wrongTag(tag, "a map");
            }
            final int n = in.length();
            final Map<Object, Object> m = factory.get();
            for (int i = 0; i < n; i++) {
                final Object k = key.read(in, in.tag());
                m.put(k, value.read(in, in.tag()));
            }
            return m;
        }

        @Override
        public String describe() {
            return raw.getSimpleName() + "<" + key.describe() + "," + value.describe() + ">";
        }

        @Override
        public void layout(final Map<Class<?>, String> layouts) {
            key.layout(layouts);
            value.layout(layouts);
        }
    }

    private static final class RecordNode implements Node {
        private final Class<?> type;
        private String[] names;
        private Node[] components;
        private MethodHandle[] accessors;
        /** A record's canonical constructor, taking the components as an array. */
        private MethodHandle constructor;
        /** A class of public fields: its no-argument constructor and its field setters (else null). */
        private MethodHandle newInstance;
        private MethodHandle[] setters;

        RecordNode(final Class<?> type) {
            this.type = type;
        }

        void init(final Map<Class<?>, RecordNode> records) {
            final RecordComponent[] rc = type.getRecordComponents();
            names = new String[rc.length];
            components = new Node[rc.length];
            accessors = new MethodHandle[rc.length];
            final Class<?>[] types = new Class<?>[rc.length];
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            try {
                for (int i = 0; i < rc.length; i++) {
                    names[i] = rc[i].getName();
                    types[i] = rc[i].getType();
                    try {
                        components[i] = node(rc[i].getGenericType(), records);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(type.getSimpleName() + "." + names[i] + ": " + e.getMessage(), e);
                    }
                    final java.lang.reflect.Method accessor = rc[i].getAccessor();
                    if (!Modifier.isPublic(type.getModifiers()) || !Modifier.isPublic(accessor.getModifiers())) {
                        accessor.setAccessible(true);
                    }
                    accessors[i] = lookup.unreflect(accessor).asType(MethodType.methodType(Object.class, Object.class));
                }
                final Constructor<?> canonical = type.getDeclaredConstructor(types);
                canonical.setAccessible(true);
                constructor = lookup.unreflectConstructor(canonical)
                        .asSpreader(Object[].class, rc.length)
                        .asType(MethodType.methodType(Object.class, Object[].class));
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException("cannot reach the components of " + type.getName(), e);
            }
        }

        void initFields(final Map<Class<?>, RecordNode> records) {
            final List<java.lang.reflect.Field> fields = new ArrayList<>();
            for (final java.lang.reflect.Field f : type.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers()) && !f.isSynthetic()) {
                    fields.add(f);
                }
            }
            names = new String[fields.size()];
            components = new Node[fields.size()];
            accessors = new MethodHandle[fields.size()];
            setters = new MethodHandle[fields.size()];
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            try {
                for (int i = 0; i < fields.size(); i++) {
                    final java.lang.reflect.Field f = fields.get(i);
                    names[i] = f.getName();
                    try {
                        components[i] = node(f.getGenericType(), records);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(type.getSimpleName() + "." + names[i] + ": " + e.getMessage(), e);
                    }
                    accessors[i] = lookup.unreflectGetter(f).asType(MethodType.methodType(Object.class, Object.class));
                    setters[i] = lookup.unreflectSetter(f)
                            .asType(MethodType.methodType(void.class, Object.class, Object.class));
                }
                newInstance = lookup.unreflectConstructor(type.getConstructor())
                        .asType(MethodType.methodType(Object.class));
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException("cannot reach the fields of " + type.getName(), e);
            }
        }

        @Override
        public void write(final Out out, final Object value) {
            if (value == null) {
                out.tag(NULL);
                return;
            }
            out.tag(RECORD);
            out.varint(components.length);
            for (int i = 0; i < components.length; i++) {
                final Object v;
                try {
                    v = accessors[i].invokeExact(value);
                } catch (Throwable e) {
                    throw rethrow(e);
                }
                components[i].write(out, v);
            }
        }

        @Override
        public Object read(final In in, final byte tag) {
            if (tag == NULL) {
                return null;
            }
            if (tag != RECORD) {
                throw wrongTag(tag, "a " + type.getSimpleName());
            }
            final int written = in.length();
            if (setters != null) {
                return readFields(in, written);
            }
            final Object[] args = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                args[i] = i < written ? components[i].read(in, in.tag()) : components[i].absent();
            }
            for (int i = components.length; i < written; i++) {
                in.skip(in.tag());
            }
            try {
                return (Object) constructor.invokeExact(args);
            } catch (Throwable e) {
                throw rethrow(e);
            }
        }

        /** Fields absent from the bytes keep what the constructor's initializers gave them. */
        private Object readFields(final In in, final int written) {
            try {
                final Object value = (Object) newInstance.invokeExact();
                for (int i = 0; i < Math.min(written, components.length); i++) {
                    setters[i].invokeExact(value, components[i].read(in, in.tag()));
                }
                for (int i = components.length; i < written; i++) {
                    in.skip(in.tag());
                }
                return value;
            } catch (Throwable e) {
                throw rethrow(e);
            }
        }

        @Override
        public String describe() {
            return type.getSimpleName();
        }

        @Override
        public void layout(final Map<Class<?>, String> layouts) {
            if (layouts.containsKey(type)) {
                return;
            }
            final StringBuilder s = new StringBuilder(type.getSimpleName()).append('(');
            for (int i = 0; i < components.length; i++) {
                s.append(i == 0 ? "" : ", ").append(names[i]).append(':').append(components[i].describe());
            }
            layouts.put(type, s.append(')').toString());
            for (final Node component : components) {
                component.layout(layouts);
            }
        }

        private static RuntimeException rethrow(final Throwable e) {
            if (e instanceof RuntimeException r) {
                return r;
            }
            if (e instanceof Error err) {
                throw err;
            }
            return new IllegalStateException(e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Supplier<Collection<Object>> collectionFactory(final Class<?> raw) {
        if (raw == List.class || raw == Collection.class || raw == ArrayList.class) {
            return null; // an ArrayList sized to the content
        }
        if (raw == Set.class || raw == LinkedHashSet.class) {
            return LinkedHashSet::new;
        }
        if (raw == SortedSet.class || raw == NavigableSet.class || raw == TreeSet.class) {
            return TreeSet::new;
        }
        return (Supplier) instantiable(raw);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Supplier<Map<Object, Object>> mapFactory(final Class<?> raw) {
        if (raw == Map.class || raw == LinkedHashMap.class) {
            return LinkedHashMap::new;
        }
        if (raw == SortedMap.class || raw == NavigableMap.class || raw == TreeMap.class) {
            return TreeMap::new;
        }
        if (raw == HashMap.class) {
            return HashMap::new;
        }
        return (Supplier) instantiable(raw);
    }

    private static Supplier<Object> instantiable(final Class<?> raw) {
        if (raw.isInterface() || Modifier.isAbstract(raw.getModifiers())) {
            throw new IllegalArgumentException("unsupported container type " + raw.getName());
        }
        try {
            final Constructor<?> c = raw.getConstructor();
            return () -> {
                try {
                    return c.newInstance();
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            };
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("no public no-argument constructor: " + raw.getName(), e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** A growable output buffer, one per thread, reused from value to value. */
    private static final class Out {
        private byte[] buf = new byte[512];
        private int pos;

        void reset() {
            if (buf.length > 1 << 20) {
                buf = new byte[512]; // one huge state must not pin its buffer for the thread's life
            }
            pos = 0;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, pos);
        }

        private void ensure(final int more) {
            if (pos + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
            }
        }

        void tag(final byte tag) {
            ensure(1);
            buf[pos++] = tag;
        }

        void bytes(final byte[] b, final int off, final int len) {
            ensure(len);
            System.arraycopy(b, off, buf, pos, len);
            pos += len;
        }

        void varint(final int v) {
            varUnsigned(v & 0xFFFFFFFFL);
        }

        void varlong(final long v) {
            varUnsigned((v << 1) ^ (v >> 63));
        }

        private void varUnsigned(long v) {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                buf[pos++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[pos++] = (byte) v;
        }

        void fixed64(final long v) {
            ensure(8);
            for (int i = 0; i < 8; i++) {
                buf[pos++] = (byte) (v >>> (8 * i));
            }
        }

        void string(final String s) {
            final int n = s.length();
            boolean ascii = true;
            for (int i = 0; i < n && ascii; i++) {
                ascii = s.charAt(i) < 0x80;
            }
            if (ascii) {
                varint(n);
                ensure(n);
                for (int i = 0; i < n; i++) {
                    buf[pos++] = (byte) s.charAt(i);
                }
            } else {
                final byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                varint(utf8.length);
                bytes(utf8, 0, utf8.length);
            }
        }
    }

    /** Reads what {@link Out} wrote; every read is bounds-checked and fails with a message, never silently. */
    private static final class In {
        private final byte[] buf;
        private int pos;

        In(final byte[] buf, final int pos) {
            this.buf = buf;
            this.pos = pos;
        }

        private void need(final int n) {
            if (n < 0 || pos + n > buf.length) {
                throw new IllegalArgumentException("truncated: " + n + " bytes needed at " + pos + " of " + buf.length);
            }
        }

        byte tag() {
            need(1);
            return buf[pos++];
        }

        private long varUnsigned() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                need(1);
                final byte b = buf[pos++];
                v |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return v;
                }
            }
            throw new IllegalArgumentException("variable-length integer longer than 10 bytes at " + pos);
        }

        long varlong() {
            final long raw = varUnsigned();
            return (raw >>> 1) ^ -(raw & 1);
        }

        /** A length or a count: never more than the bytes left (each element is at least its tag). */
        int length() {
            final long n = varUnsigned();
            if (n > buf.length - pos) {
                throw new IllegalArgumentException("length " + n + " exceeds the " + (buf.length - pos) + " bytes left");
            }
            return (int) n;
        }

        long fixed64() {
            need(8);
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v |= (buf[pos++] & 0xFFL) << (8 * i);
            }
            return v;
        }

        String string() {
            final int n = length();
            final String s = new String(buf, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        byte[] bytes() {
            final int n = length();
            final byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
            pos += n;
            return b;
        }

        /** Skips the value whose tag was just read (a component written by a later version). */
        void skip(final byte tag) {
            switch (tag) {
                case NULL, FALSE, TRUE -> {
                }
                case INTEGER -> varUnsigned();
                case DOUBLE -> {
                    need(8);
                    pos += 8;
                }
                case STRING, BYTES -> {
                    final int n = length();
                    pos += n;
                }
                case LIST, RECORD -> {
                    final int n = length();
                    for (int i = 0; i < n; i++) {
                        skip(tag());
                    }
                }
                case MAP -> {
                    final int n = length();
                    for (int i = 0; i < 2 * n; i++) {
                        skip(tag());
                    }
                }
                default -> throw wrongTag(tag, "a value");
            }
        }
    }
}
