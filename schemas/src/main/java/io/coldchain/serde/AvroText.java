package io.coldchain.serde;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.IndexedRecord;

/**
 * Avro's JSON-like text of a datum, the text of {@code GenericData.toString} (Avro 1.12), written into a sink: the
 * text itself, or its {@link String#hashCode} without the text ever being built. Hashes of that text are kept in state
 * (the reorder buffer's keys, the event clock's remembered events), so the text may never change: this class writes
 * exactly what Avro writes, deciding by the value's Java type as Avro does (records, collections, maps, strings and
 * enums, byte buffers, NaN and infinities quoted, other values as {@code String.valueOf}); {@code AvroTextTest}
 * compares it with Avro over many generated values of every input record type. Avro's guard against a record that
 * contains itself is not copied: generated records cannot.
 */
public final class AvroText {

    private static final Map<Schema, Piece[]> FIELD_PIECES = new ConcurrentHashMap<>();
    private static final Piece OPEN_ARRAY = new Piece("[");
    private static final Piece CLOSE_ARRAY = new Piece("]");
    private static final Piece OPEN_MAP = new Piece("{");
    private static final Piece CLOSE = new Piece("}");
    private static final Piece COMMA = new Piece(", ");
    private static final Piece KEY_END = new Piece("\": ");
    private static final Piece NULL = new Piece("null");
    private static final Piece TRUE = new Piece("true");
    private static final Piece FALSE = new Piece("false");

    private AvroText() {
    }

    /** The value a record's field shows in the text: lets a caller write a record with some fields replaced. */
    @FunctionalInterface
    public interface Fields {
        Object get(IndexedRecord record, int position);
    }

    /** {@code record.toString().hashCode()}, computed without building the string. */
    public static int hash(final IndexedRecord record) {
        final HashSink sink = new HashSink();
        write(record, sink);
        return sink.hash;
    }

    /** {@code String.valueOf(datum)} for an Avro datum, as {@code GenericData.toString} writes it. */
    public static String text(final Object datum) {
        final TextSink sink = new TextSink(new StringBuilder(256));
        write(datum, sink);
        return sink.out.toString();
    }

    /** The text of {@code record} with the values of its own fields (not its nested records') given by {@code fields}. */
    public static String text(final IndexedRecord record, final Fields fields, final int capacity) {
        final TextSink sink = new TextSink(new StringBuilder(capacity));
        record(record, fields, sink);
        return sink.out.toString();
    }

    private static void write(final Object datum, final Sink sink) {
        if (datum instanceof IndexedRecord record) {
            record(record, IndexedRecord::get, sink);
        } else if (datum instanceof Collection<?> values) {
            sink.piece(OPEN_ARRAY);
            final Iterator<?> i = values.iterator();
            while (i.hasNext()) {
                write(i.next(), sink);
                if (i.hasNext()) {
                    sink.piece(COMMA);
                }
            }
            sink.piece(CLOSE_ARRAY);
        } else if (datum instanceof Map<?, ?> map) {
            sink.piece(OPEN_MAP);
            final Iterator<? extends Map.Entry<?, ?>> i = map.entrySet().iterator();
            while (i.hasNext()) {
                final Map.Entry<?, ?> entry = i.next();
                sink.append('"');
                escaped(String.valueOf(entry.getKey()), sink);
                sink.piece(KEY_END);
                write(entry.getValue(), sink);
                if (i.hasNext()) {
                    sink.piece(COMMA);
                }
            }
            sink.piece(CLOSE);
        } else if (datum instanceof CharSequence || datum instanceof GenericEnumSymbol<?> || datum instanceof Enum<?>) {
            quoted(datum.toString(), sink);
        } else if (datum instanceof ByteBuffer bytes) {
            quoted(StandardCharsets.ISO_8859_1.decode(bytes.duplicate()), sink);
        } else if (datum instanceof Long value) {
            sink.number(value);
        } else if (datum instanceof Integer value) {
            sink.number(value);
        } else if (datum instanceof Double || datum instanceof Float) {
            // Double.toString or Float.toString, as Avro writes them; NaN and the infinities quoted.
            final double d = ((Number) datum).doubleValue();
            final boolean quoted = Double.isNaN(d) || Double.isInfinite(d);
            if (quoted) {
                sink.append('"');
            }
            sink.append(datum.toString());
            if (quoted) {
                sink.append('"');
            }
        } else if (datum instanceof Boolean value) {
            sink.piece(value ? TRUE : FALSE);
        } else if (datum == null) {
            sink.piece(NULL);
        } else if (datum instanceof java.time.temporal.Temporal || datum instanceof UUID) {
            sink.append('"');
            sink.append(datum.toString());
            sink.append('"');
        } else {
            sink.append(String.valueOf(datum));
        }
    }

    private static void record(final IndexedRecord record, final Fields fields, final Sink sink) {
        final Piece[] pieces = FIELD_PIECES.computeIfAbsent(record.getSchema(), AvroText::fieldPieces);
        for (int i = 0; i < pieces.length - 1; i++) {
            sink.piece(pieces[i]);
            write(fields.get(record, i), sink);
        }
        sink.piece(pieces[pieces.length - 1]);
    }

    /** For each field, what comes before its value ({@code {"name": } or {@code , "name": }); then the closing brace. */
    private static Piece[] fieldPieces(final Schema schema) {
        final List<Schema.Field> fields = schema.getFields();
        final Piece[] pieces = new Piece[fields.size() + 1];
        for (int i = 0; i < fields.size(); i++) {
            final TextSink name = new TextSink(new StringBuilder(i == 0 ? "{" : ", "));
            quoted(fields.get(i).name(), name);
            pieces[i] = new Piece(name.out.append(": ").toString());
        }
        pieces[fields.size()] = fields.isEmpty() ? new Piece("{}") : CLOSE;
        return pieces;
    }

    private static void quoted(final CharSequence value, final Sink sink) {
        sink.append('"');
        escaped(value, sink);
        sink.append('"');
    }

    /** As Avro's {@code writeEscapedString}: JSON's escapes, and {@code \\uXXXX} for control and U+2000..U+20FF. */
    private static void escaped(final CharSequence value, final Sink sink) {
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            switch (c) {
                case '"' -> sink.piece(Piece.QUOTE);
                case '\\' -> sink.piece(Piece.BACKSLASH);
                case '\b' -> sink.piece(Piece.BACKSPACE);
                case '\f' -> sink.piece(Piece.FORM_FEED);
                case '\n' -> sink.piece(Piece.NEW_LINE);
                case '\r' -> sink.piece(Piece.RETURN);
                case '\t' -> sink.piece(Piece.TAB);
                default -> {
                    if (c <= '\u001F' || c >= '\u007F' && c <= '\u009F' || c >= '\u2000' && c <= '\u20FF') {
                        final String hex = Integer.toHexString(c).toUpperCase(Locale.ROOT);
                        sink.append('\\');
                        sink.append('u');
                        for (int pad = hex.length(); pad < 4; pad++) {
                            sink.append('0');
                        }
                        sink.append(hex);
                    } else {
                        sink.append(c);
                    }
                }
            }
        }
    }

    /** A constant piece of text with its hash and 31 to the power of its length, so a hash takes it in one step. */
    private static final class Piece {
        static final Piece QUOTE = new Piece("\\\"");
        static final Piece BACKSLASH = new Piece("\\\\");
        static final Piece BACKSPACE = new Piece("\\b");
        static final Piece FORM_FEED = new Piece("\\f");
        static final Piece NEW_LINE = new Piece("\\n");
        static final Piece RETURN = new Piece("\\r");
        static final Piece TAB = new Piece("\\t");

        final String text;
        final int hash;
        final int power;

        Piece(final String text) {
            this.text = text;
            this.hash = text.hashCode();
            int p = 1;
            for (int i = 0; i < text.length(); i++) {
                p *= 31;
            }
            this.power = p;
        }
    }

    private abstract static class Sink {
        abstract void append(char c);

        abstract void append(String s);

        abstract void piece(Piece piece);

        abstract void number(long value);
    }

    /** Takes the text's characters into {@code h = 31 * h + c}, the definition of {@link String#hashCode}. */
    private static final class HashSink extends Sink {
        private final char[] digits = new char[20];
        int hash;

        @Override
        void append(final char c) {
            hash = 31 * hash + c;
        }

        @Override
        void append(final String s) {
            int h = hash;
            for (int i = 0; i < s.length(); i++) {
                h = 31 * h + s.charAt(i);
            }
            hash = h;
        }

        @Override
        void piece(final Piece piece) {
            hash = hash * piece.power + piece.hash;
        }

        /** The digits {@code Long.toString} writes, without the string. */
        @Override
        void number(final long value) {
            if (value == Long.MIN_VALUE) {
                append(Long.toString(value));
                return;
            }
            long rest = value;
            if (rest < 0) {
                append('-');
                rest = -rest;
            }
            int at = digits.length;
            do {
                digits[--at] = (char) ('0' + (int) (rest % 10));
                rest /= 10;
            } while (rest != 0);
            int h = hash;
            for (int i = at; i < digits.length; i++) {
                h = 31 * h + digits[i];
            }
            hash = h;
        }
    }

    private static final class TextSink extends Sink {
        final StringBuilder out;

        TextSink(final StringBuilder out) {
            this.out = out;
        }

        @Override
        void append(final char c) {
            out.append(c);
        }

        @Override
        void append(final String s) {
            out.append(s);
        }

        @Override
        void piece(final Piece piece) {
            out.append(piece.text);
        }

        @Override
        void number(final long value) {
            out.append(value);
        }
    }
}
