package io.coldchain.streams;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
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
    /** A record component's kind when it is a primitive ({@link RecordNode#writeValue}); 0 when it is not. */
    private static final byte PRIMITIVE_LONG = 1;
    private static final byte PRIMITIVE_DOUBLE = 2;
    private static final byte PRIMITIVE_BOOLEAN = 3;

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

    /** A codec of one declared type: a tag, then a payload; null is the tag {@link #NULL} alone. */
    private abstract static class Node {
        /** The tag of its non-null values. */
        private final byte tag;
        /** What it reads, for the message when another tag comes. */
        private final String what;

        Node(final byte tag, final String what) {
            this.tag = tag;
            this.what = what;
        }

        void write(final Out out, final Object value) {
            if (value == null) {
                out.tag(NULL);
                return;
            }
            out.tag(tag);
            writeValue(out, value);
        }

        /** Reads the value whose tag was just read. */
        final Object read(final In in, final byte valueTag) {
            if (valueTag == NULL) {
                return absent();
            }
            if (valueTag != tag && !accepts(valueTag)) {
                throw wrongTag(valueTag, what);
            }
            return readValue(in, valueTag);
        }

        /** Writes the payload of a non-null value, after its tag. */
        abstract void writeValue(Out out, Object value);

        /** Reads the payload of a value whose tag was {@code valueTag}. */
        abstract Object readValue(In in, byte valueTag);

        /** Whether a tag other than its own is read too (an integer where a double is expected). */
        boolean accepts(final byte valueTag) {
            return false;
        }

        /** What an absent or null component is: null, or a primitive's zero. */
        Object absent() {
            return null;
        }

        abstract String describe();

        void layout(final Map<Class<?>, String> layouts) {
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
            return new IntegerNode(c, Long.class, 0L);
        }
        if (c == int.class || c == Integer.class) {
            return new IntegerNode(c, Integer.class, 0);
        }
        if (c == short.class || c == Short.class) {
            return new IntegerNode(c, Short.class, (short) 0);
        }
        if (c == byte.class || c == Byte.class) {
            return new IntegerNode(c, Byte.class, (byte) 0);
        }
        if (c == double.class || c == Double.class) {
            return new DoubleNode(c, false, 0.0);
        }
        if (c == float.class || c == Float.class) {
            return new DoubleNode(c, true, 0.0f);
        }
        if (c == boolean.class || c == Boolean.class) {
            return new BooleanNode(c);
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
            return new ArrayNode(c, classNode(c.getComponentType(), records));
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

    /** A primitive or its box: an absent or null primitive reads as its zero. */
    private abstract static class ScalarNode extends Node {
        private final Class<?> declared;
        private final Object absent;

        ScalarNode(final byte tag, final Class<?> declared, final Object zero) {
            super(tag, "a " + declared.getSimpleName());
            this.declared = declared;
            this.absent = declared.isPrimitive() ? zero : null;
        }

        @Override
        Object absent() {
            return absent;
        }

        @Override
        String describe() {
            return declared.getSimpleName();
        }
    }

    private static final class IntegerNode extends ScalarNode {
        private final Class<?> box;

        IntegerNode(final Class<?> declared, final Class<?> box, final Object zero) {
            super(INTEGER, declared, zero);
            this.box = box;
        }

        @Override
        void writeValue(final Out out, final Object value) {
            out.varlong(((Number) value).longValue());
        }

        @Override
        Object readValue(final In in, final byte valueTag) {
            final long v = in.varlong();
            if (box == Long.class) {
                return v;
            }
            if (box == Integer.class) {
                return Math.toIntExact(v);
            }
            if (box == Short.class ? v != (short) v : v != (byte) v) {
                throw new IllegalArgumentException(v + " does not fit a " + describe());
            }
            return box == Short.class ? (Object) (short) v : (Object) (byte) v;
        }
    }

    private static final class DoubleNode extends ScalarNode {
        private final boolean single;

        DoubleNode(final Class<?> declared, final boolean single, final Object zero) {
            super(DOUBLE, declared, zero);
            this.single = single;
        }

        @Override
        void writeValue(final Out out, final Object value) {
            out.fixed64(Double.doubleToRawLongBits(((Number) value).doubleValue()));
        }

        @Override
        boolean accepts(final byte valueTag) {
            return valueTag == INTEGER;
        }

        @Override
        Object readValue(final In in, final byte valueTag) {
            final double v = valueTag == DOUBLE ? Double.longBitsToDouble(in.fixed64()) : in.varlong();
            return single ? (Object) (float) v : (Object) v;
        }
    }

    /** The value is in the tag: {@link #TRUE} or {@link #FALSE}, no payload. */
    private static final class BooleanNode extends ScalarNode {
        BooleanNode(final Class<?> declared) {
            super(TRUE, declared, Boolean.FALSE);
        }

        @Override
        void write(final Out out, final Object value) {
            out.tag(value == null ? NULL : (Boolean) value ? TRUE : FALSE);
        }

        @Override
        void writeValue(final Out out, final Object value) {
            throw new IllegalStateException("a boolean is its tag");
        }

        @Override
        boolean accepts(final byte valueTag) {
            return valueTag == FALSE;
        }

        @Override
        Object readValue(final In in, final byte valueTag) {
            return valueTag == TRUE;
        }
    }

    private static final class StringNode extends Node {
        StringNode() {
            super(STRING, "a string");
        }

        @Override
        void writeValue(final Out out, final Object value) {
            out.string((String) value);
        }

        @Override
        Object readValue(final In in, final byte valueTag) {
            return in.string();
        }

        @Override
        String describe() {
            return "String";
        }
    }

    private static final class EnumNode extends Node {
        private final Class<?> type;
        private final Map<String, Object> byName = new HashMap<>();

        EnumNode(final Class<?> type) {
            super(STRING, "the name of a " + type.getSimpleName());
            this.type = type;
            for (final Object constant : type.getEnumConstants()) {
                byName.put(((Enum<?>) constant).name(), constant);
            }
        }

        @Override
        void writeValue(final Out out, final Object value) {
            out.string(((Enum<?>) value).name());
        }

        @Override
        Object readValue(final In in, final byte valueTag) {
            final String name = in.string();
            final Object constant = byName.get(name);
            if (constant == null) {
                throw new IllegalArgumentException("no " + type.getSimpleName() + " named " + name);
            }
            return constant;
        }

        @Override
        String describe() {
            return type.getSimpleName();
        }
    }

    private static final class BytesNode extends Node {
        BytesNode() {
            super(BYTES, "bytes");
        }

        @Override
        void writeValue(final Out out, final Object value) {
            final byte[] b = (byte[]) value;
            out.varint(b.length);
            out.bytes(b, 0, b.length);
        }

        @Override
        Object readValue(final In in, final byte valueTag) {
            return in.bytes();
        }

        @Override
        String describe() {
            return "byte[]";
        }
    }

    /** An array of {@code long}, {@code int} or {@code double}: written as a list of its elements. */
    private static final class ArrayNode extends Node {
        private final Class<?> type;
        private final Node element;

        ArrayNode(final Class<?> type, final Node element) {
            super(LIST, "an array");
            this.type = type;
            this.element = element;
        }

        @Override
        void writeValue(final Out out, final Object value) {
            final int n = Array.getLength(value);
            out.varint(n);
            for (int i = 0; i < n; i++) {
                element.write(out, Array.get(value, i));
            }
        }

        @Override
        Object readValue(final In in, final byte valueTag) {
            final int n = in.length();
            final Object array = Array.newInstance(type.getComponentType(), n);
            for (int i = 0; i < n; i++) {
                Array.set(array, i, element.read(in, in.tag()));
            }
            return array;
        }

        @Override
        String describe() {
            return type.getSimpleName();
        }
    }

    private static final class CollectionNode extends Node {
        private final Class<?> raw;
        private final Node element;
        private final Supplier<Collection<Object>> factory;

        CollectionNode(final Class<?> raw, final Node element) {
            super(LIST, "a list");
            this.raw = raw;
            this.element = element;
            this.factory = collectionFactory(raw);
        }

        @Override
        void writeValue(final Out out, final Object value) {
            final Collection<?> c = (Collection<?>) value;
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
        Object readValue(final In in, final byte valueTag) {
            final int n = in.length();
            final Collection<Object> c = factory == null ? new ArrayList<>(n) : factory.get();
            for (int i = 0; i < n; i++) {
                c.add(element.read(in, in.tag()));
            }
            return c;
        }

        @Override
        String describe() {
            return raw.getSimpleName() + "<" + element.describe() + ">";
        }

        @Override
        void layout(final Map<Class<?>, String> layouts) {
            element.layout(layouts);
        }
    }

    private static final class MapNode extends Node {
        private final Class<?> raw;
        private final Node key;
        private final Node value;
        private final Supplier<Map<Object, Object>> factory;

        MapNode(final Class<?> raw, final Node key, final Node value) {
            super(MAP, "a map");
            this.raw = raw;
            this.key = key;
            this.value = value;
            this.factory = mapFactory(raw);
        }

        @Override
        void writeValue(final Out out, final Object v) {
            final Map<?, ?> m = (Map<?, ?>) v;
            out.varint(m.size());
            for (final Map.Entry<?, ?> e : m.entrySet()) {
                key.write(out, e.getKey());
                value.write(out, e.getValue());
            }
        }

        @Override
        Object readValue(final In in, final byte valueTag) {
            final int n = in.length();
            final Map<Object, Object> m = factory.get();
            for (int i = 0; i < n; i++) {
                final Object k = key.read(in, in.tag());
                m.put(k, value.read(in, in.tag()));
            }
            return m;
        }

        @Override
        String describe() {
            return raw.getSimpleName() + "<" + key.describe() + "," + value.describe() + ">";
        }

        @Override
        void layout(final Map<Class<?>, String> layouts) {
            key.layout(layouts);
            value.layout(layouts);
        }
    }

    private static final class RecordNode extends Node {
        private final Class<?> type;
        private String[] names;
        private Node[] components;
        private MethodHandle[] accessors;
        /** A record's canonical constructor, taking the components as an array. */
        private MethodHandle constructor;
        /** A class of public fields: its no-argument constructor and its field setters (else null). */
        private MethodHandle newInstance;
        private MethodHandle[] setters;
        /**
         * {@link #PRIMITIVE_LONG} and its siblings for a component of a primitive type, whose accessor then returns a
         * {@code long} (long, int, short, byte), {@code double} (double, float) or {@code boolean}: written without
         * boxing, in the bytes the boxed path writes. 0 for any other component, whose accessor returns an Object.
         */
        private byte[] primitiveKinds;

        RecordNode(final Class<?> type) {
            super(RECORD, "a " + type.getSimpleName());
            this.type = type;
        }

        void init(final Map<Class<?>, RecordNode> records) {
            final RecordComponent[] rc = type.getRecordComponents();
            names = new String[rc.length];
            components = new Node[rc.length];
            accessors = new MethodHandle[rc.length];
            primitiveKinds = new byte[rc.length];
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
                    accessors[i] = typed(i, types[i], lookup.unreflect(accessor));
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
            primitiveKinds = new byte[fields.size()];
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
                    accessors[i] = typed(i, f.getType(), lookup.unreflectGetter(f));
                    setters[i] = lookup.unreflectSetter(f)
                            .asType(MethodType.methodType(void.class, Object.class, Object.class));
                }
                newInstance = lookup.unreflectConstructor(type.getConstructor())
                        .asType(MethodType.methodType(Object.class));
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException("cannot reach the fields of " + type.getName(), e);
            }
        }

        /** Component {@code i}'s accessor: unboxed for a primitive (its kind in {@link #primitiveKinds}), else to Object. */
        private MethodHandle typed(final int i, final Class<?> componentType, final MethodHandle accessor) {
            final Class<?> returns;
            if (!componentType.isPrimitive()) {
                returns = Object.class;
            } else if (componentType == boolean.class) {
                primitiveKinds[i] = PRIMITIVE_BOOLEAN;
                returns = boolean.class;
            } else if (componentType == double.class || componentType == float.class) {
                primitiveKinds[i] = PRIMITIVE_DOUBLE;
                returns = double.class;
            } else {
                primitiveKinds[i] = PRIMITIVE_LONG; // long, int, short, byte: widened as Number.longValue() does
                returns = long.class;
            }
            return accessor.asType(MethodType.methodType(returns, Object.class));
        }

        @Override
        void writeValue(final Out out, final Object value) {
            out.varint(components.length);
            try {
                for (int i = 0; i < components.length; i++) {
                    switch (primitiveKinds[i]) {
                        case PRIMITIVE_LONG -> {
                            out.tag(INTEGER);
                            out.varlong((long) accessors[i].invokeExact(value));
                        }
                        case PRIMITIVE_DOUBLE -> {
                            out.tag(DOUBLE);
                            out.fixed64(Double.doubleToRawLongBits((double) accessors[i].invokeExact(value)));
                        }
                        case PRIMITIVE_BOOLEAN -> out.tag((boolean) accessors[i].invokeExact(value) ? TRUE : FALSE);
                        default -> components[i].write(out, (Object) accessors[i].invokeExact(value));
                    }
                }
            } catch (Throwable e) {
                throw rethrow(e);
            }
        }

        @Override
        Object readValue(final In in, final byte valueTag) {
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
        String describe() {
            return type.getSimpleName();
        }

        @Override
        void layout(final Map<Class<?>, String> layouts) {
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
