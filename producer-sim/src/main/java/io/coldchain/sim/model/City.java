package io.coldchain.sim.model;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A city with a pharmaceutical depot that shipments start from or go to.
 *
 * @param name        city name, e.g. "Basel"
 * @param countryCode ISO 3166-1 alpha-2 country code
 * @param continent   continent, for grouping
 * @param roadNetwork cities in the same road network can be linked by truck (islands and oceans split
 *                    continents into several)
 * @param position    city centre, WGS84 degrees
 * @param zone        local time zone, for EPCIS time-zone offsets
 * @param depotGln    13-digit GLN of the depot, with a valid check digit
 */
public record City(String name, String countryCode, Continent continent, String roadNetwork, LatLon position,
                   ZoneId zone, String depotGln) {

    /** Continents the catalogue covers. */
    public enum Continent { EUROPE, NORTH_AMERICA, SOUTH_AMERICA, ASIA, AFRICA, OCEANIA }

    public City {
        if (depotGln.length() != 13 || !Gs1.hasValidCheckDigit(depotGln)) {
            throw new IllegalArgumentException("depot GLN of " + name + " is not a valid GLN: " + depotGln);
        }
    }

    /** Name of the depot, used for its area and as the party name of shipper or consignee. */
    public String depotName() {
        return name + " DC";
    }

    /** The local offset at {@code instant} as EPCIS writes it, e.g. "+01:00" (never "Z"). */
    public String offsetAt(final Instant instant) {
        final ZoneOffset offset = zone.getRules().getOffset(instant);
        return offset.getTotalSeconds() == 0 ? "+00:00" : offset.getId();
    }
}
