package io.coldchain.domain;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * An immutable list of positions held as one array of coordinates, not as a {@link GeoPoint} object each: a planned
 * route's waypoints. A decoded plan stays on the heap for as long as its shipment is followed, and a route has tens
 * to hundreds of waypoints: as objects (a 32-byte {@link GeoPoint} and a reference each) they were the largest class on
 * a live heap of 65,000 shipments (docs/BENCHMARKS.md, "Lever 13"); as coordinates they take 16 bytes each.
 *
 * <p>A {@link List} like any other: {@link #get} returns a {@link GeoPoint} equal to the one put in (the same two
 * doubles, bit for bit), and equality and hash code are {@link List}'s, so it equals an {@code ArrayList} or a
 * {@code List.of} of the same points. Like {@link List#copyOf} it refuses null elements and every change.
 */
public final class GeoPoints extends AbstractList<GeoPoint> implements RandomAccess {

    private static final GeoPoints EMPTY = new GeoPoints(new double[0]);

    /** Latitude and longitude of each position in turn. */
    private final double[] coordinates;

    private GeoPoints(final double[] coordinates) {
        this.coordinates = coordinates;
    }

    /**
     * The positions of {@code points}, in order: {@code points} itself when it is one already.
     *
     * @throws NullPointerException if {@code points} or one of its elements is null
     */
    public static List<GeoPoint> copyOf(final Collection<? extends GeoPoint> points) {
        if (points instanceof GeoPoints packed) {
            return packed;
        }
        if (points.isEmpty()) {
            return EMPTY;
        }
        final double[] coordinates = new double[2 * points.size()];
        int i = 0;
        for (final GeoPoint point : points) {
            Objects.requireNonNull(point, "a position in the list is null");
            coordinates[i++] = point.lat();
            coordinates[i++] = point.lon();
        }
        return new GeoPoints(coordinates);
    }

    @Override
    public GeoPoint get(final int index) {
        Objects.checkIndex(index, size());
        return new GeoPoint(coordinates[2 * index], coordinates[2 * index + 1]);
    }

    @Override
    public int size() {
        return coordinates.length / 2;
    }

    /** As {@link List#equals}; two of these compare their coordinates as {@link GeoPoint#equals} compares doubles. */
    @Override
    public boolean equals(final Object other) {
        if (other instanceof GeoPoints points) {
            return Arrays.equals(coordinates, points.coordinates);
        }
        return super.equals(other);
    }

    @Override
    public int hashCode() {
        return super.hashCode();
    }
}
