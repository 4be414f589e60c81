package io.coldchain.streams;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Wraps a serde so that deserializing the same bytes again returns the same object, from a small
 * LRU cache. Meant for the plans store: every reading and fix looks its shipment's plan up, and a
 * plan with thousands of waypoints costs far more to decode (≈ 200 µs at 5,000) than to compare
 * (a sampled hash, then {@link Arrays#equals}). Returning the same instance also lets the route
 * index cache recognise the plan by identity.
 *
 * <p>The cache is bounded by count and by the bytes of the values it holds (their encoded size, which the decoded
 * objects are a small multiple of): a plan can list thousands of serials, and ten thousand such plans would not fit
 * in a 1 GB heap.
 *
 * <p>The objects returned are shared: callers must not modify them.
 */
public final class MemoizingSerde<T> implements Serde<T> {

    private final Serde<T> inner;
    private final Map<Key, T> cache;
    private final long maxBytes;
    /** Encoded bytes of the values held. */
    private long heldBytes;

    /**
     * @param capacity at most this many values
     * @param maxBytes at most this many encoded bytes of values (at least the one decoded last is kept)
     */
    public MemoizingSerde(final Serde<T> inner, final int capacity, final long maxBytes) {
        this.inner = inner;
        this.maxBytes = maxBytes;
        this.cache = new LinkedHashMap<>(Math.min(capacity, 1 << 16) * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(final Map.Entry<Key, T> eldest) {
                if (size() > capacity) {
                    heldBytes -= eldest.getKey().bytes.length;
                    return true;
                }
                return false;
            }
        };
    }

    /** Encoded bytes of the values held now. */
    long heldBytes() {
        synchronized (cache) {
            return heldBytes;
        }
    }

    @Override
    public Serializer<T> serializer() {
        return inner.serializer();
    }

    @Override
    public Deserializer<T> deserializer() {
        final Deserializer<T> decode = inner.deserializer();
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            final Key key = new Key(bytes);
            synchronized (cache) {
                final T known = cache.get(key);
                if (known != null) {
                    return known;
                }
            }
            final T value = decode.deserialize(topic, bytes);
            synchronized (cache) {
                if (cache.put(key, value) == null) {
                    heldBytes += bytes.length;
                }
                final Iterator<Key> eldest = cache.keySet().iterator();
                while (heldBytes > maxBytes && cache.size() > 1) {
                    heldBytes -= eldest.next().bytes.length;
                    eldest.remove();
                }
            }
            return value;
        };
    }

    /**
     * Bytes compared in full; hashed on a sample so that a lookup stays cheap for large values. Every lookup hashes
     * a fresh copy (the store hands out new arrays), so the sample is small: its length, 32 bytes spread over the value
     * and the last 16. Values that differ only elsewhere (versions of one plan) share a bucket and {@code equals} tells
     * them apart, at the cost of a comparison that stops at the first byte that differs.
     */
    private static final class Key {
        private final byte[] bytes;
        private final int hash;

        Key(final byte[] bytes) {
            this.bytes = bytes;
            int h = bytes.length;
            final int step = Math.max(1, bytes.length / 32);
            for (int i = 0; i < bytes.length; i += step) {
                h = 31 * h + bytes[i];
            }
            for (int i = Math.max(0, bytes.length - 16); i < bytes.length; i++) {
                h = 31 * h + bytes[i];
            }
            this.hash = h;
        }

        @Override
        public boolean equals(final Object other) {
            return other instanceof Key key && key.hash == hash && Arrays.equals(key.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
