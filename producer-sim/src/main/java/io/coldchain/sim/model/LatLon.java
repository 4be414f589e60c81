package io.coldchain.sim.model;

/**
 * A position in WGS84 decimal degrees, kept free of the Avro types so the geometry stays plain.
 *
 * @param lat latitude in degrees, -90..90
 * @param lon longitude in degrees, -180..180
 */
public record LatLon(double lat, double lon) {

    public LatLon {
        if (!(lat >= -90 && lat <= 90) || !(lon >= -180 && lon <= 180)) {
            throw new IllegalArgumentException("not a WGS84 position: " + lat + ", " + lon);
        }
    }
}
