package io.coldchain.sim.model;

import io.coldchain.sim.model.City.Continent;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The catalogue the simulator draws from: depot cities on every inhabited continent (real coordinates,
 * made-up but well-formed GLNs), the fictional carriers serving each continent, the road legs between
 * cities of one road network that a truck covers in a day, and the air legs between distant cities.
 */
public final class Hubs {

    /** Shortest leg worth simulating, in metres. */
    public static final double MIN_LEG_METERS = 150_000;
    /** Longest road leg, in metres (great-circle distance). */
    public static final double MAX_LEG_METERS = 1_500_000;
    /** Air legs: from where a flight beats a day's drive to a long-haul flight, in metres. */
    public static final double MIN_AIR_LEG_METERS = 1_500_000;
    public static final double MAX_AIR_LEG_METERS = 12_000_000;

    private static final List<City> CITIES = numbered(List.of(
            // Europe (one road network: the Channel tunnel and the Øresund bridge join the UK and Denmark)
            row("Basel", "CH", Continent.EUROPE, "europe", 47.5596, 7.5886, "Europe/Zurich", "760"),
            row("Zurich", "CH", Continent.EUROPE, "europe", 47.3769, 8.5417, "Europe/Zurich", "760"),
            row("Geneva", "CH", Continent.EUROPE, "europe", 46.2044, 6.1432, "Europe/Zurich", "760"),
            row("Frankfurt", "DE", Continent.EUROPE, "europe", 50.1109, 8.6821, "Europe/Berlin", "400"),
            row("Munich", "DE", Continent.EUROPE, "europe", 48.1351, 11.5820, "Europe/Berlin", "400"),
            row("Berlin", "DE", Continent.EUROPE, "europe", 52.5200, 13.4050, "Europe/Berlin", "400"),
            row("Hamburg", "DE", Continent.EUROPE, "europe", 53.5511, 9.9937, "Europe/Berlin", "400"),
            row("Cologne", "DE", Continent.EUROPE, "europe", 50.9375, 6.9603, "Europe/Berlin", "400"),
            row("Paris", "FR", Continent.EUROPE, "europe", 48.8566, 2.3522, "Europe/Paris", "300"),
            row("Lyon", "FR", Continent.EUROPE, "europe", 45.7640, 4.8357, "Europe/Paris", "300"),
            row("Brussels", "BE", Continent.EUROPE, "europe", 50.8503, 4.3517, "Europe/Brussels", "540"),
            row("Amsterdam", "NL", Continent.EUROPE, "europe", 52.3676, 4.9041, "Europe/Amsterdam", "871"),
            row("Milan", "IT", Continent.EUROPE, "europe", 45.4642, 9.1900, "Europe/Rome", "800"),
            row("Rome", "IT", Continent.EUROPE, "europe", 41.9028, 12.4964, "Europe/Rome", "800"),
            row("Vienna", "AT", Continent.EUROPE, "europe", 48.2082, 16.3738, "Europe/Vienna", "900"),
            row("Prague", "CZ", Continent.EUROPE, "europe", 50.0755, 14.4378, "Europe/Prague", "859"),
            row("Warsaw", "PL", Continent.EUROPE, "europe", 52.2297, 21.0122, "Europe/Warsaw", "590"),
            row("Madrid", "ES", Continent.EUROPE, "europe", 40.4168, -3.7038, "Europe/Madrid", "840"),
            row("Barcelona", "ES", Continent.EUROPE, "europe", 41.3874, 2.1686, "Europe/Madrid", "840"),
            row("Copenhagen", "DK", Continent.EUROPE, "europe", 55.6761, 12.5683, "Europe/Copenhagen", "570"),
            row("London", "GB", Continent.EUROPE, "europe", 51.5074, -0.1278, "Europe/London", "500"),
            // North America
            row("New York", "US", Continent.NORTH_AMERICA, "north-america", 40.7128, -74.0060, "America/New_York", "061"),
            row("Boston", "US", Continent.NORTH_AMERICA, "north-america", 42.3601, -71.0589, "America/New_York", "061"),
            row("Philadelphia", "US", Continent.NORTH_AMERICA, "north-america", 39.9526, -75.1652, "America/New_York", "061"),
            row("Atlanta", "US", Continent.NORTH_AMERICA, "north-america", 33.7490, -84.3880, "America/New_York", "061"),
            row("Chicago", "US", Continent.NORTH_AMERICA, "north-america", 41.8781, -87.6298, "America/Chicago", "061"),
            row("Dallas", "US", Continent.NORTH_AMERICA, "north-america", 32.7767, -96.7970, "America/Chicago", "061"),
            row("Houston", "US", Continent.NORTH_AMERICA, "north-america", 29.7604, -95.3698, "America/Chicago", "061"),
            row("Los Angeles", "US", Continent.NORTH_AMERICA, "north-america", 34.0522, -118.2437, "America/Los_Angeles", "061"),
            row("San Francisco", "US", Continent.NORTH_AMERICA, "north-america", 37.7749, -122.4194, "America/Los_Angeles", "061"),
            row("Toronto", "CA", Continent.NORTH_AMERICA, "north-america", 43.6532, -79.3832, "America/Toronto", "754"),
            row("Montreal", "CA", Continent.NORTH_AMERICA, "north-america", 45.5019, -73.5674, "America/Toronto", "754"),
            row("Mexico City", "MX", Continent.NORTH_AMERICA, "north-america", 19.4326, -99.1332, "America/Mexico_City", "750"),
            row("Monterrey", "MX", Continent.NORTH_AMERICA, "north-america", 25.6866, -100.3161, "America/Monterrey", "750"),
            // South America
            row("São Paulo", "BR", Continent.SOUTH_AMERICA, "south-america", -23.5505, -46.6333, "America/Sao_Paulo", "789"),
            row("Rio de Janeiro", "BR", Continent.SOUTH_AMERICA, "south-america", -22.9068, -43.1729, "America/Sao_Paulo", "789"),
            row("Buenos Aires", "AR", Continent.SOUTH_AMERICA, "south-america", -34.6037, -58.3816, "America/Argentina/Buenos_Aires", "779"),
            row("Montevideo", "UY", Continent.SOUTH_AMERICA, "south-america", -34.9011, -56.1645, "America/Montevideo", "773"),
            row("Santiago", "CL", Continent.SOUTH_AMERICA, "south-america", -33.4489, -70.6693, "America/Santiago", "780"),
            // Asia (seas split it into several road networks)
            row("Tokyo", "JP", Continent.ASIA, "japan", 35.6762, 139.6503, "Asia/Tokyo", "450"),
            row("Osaka", "JP", Continent.ASIA, "japan", 34.6937, 135.5023, "Asia/Tokyo", "450"),
            row("Seoul", "KR", Continent.ASIA, "korea", 37.5665, 126.9780, "Asia/Seoul", "880"),
            row("Busan", "KR", Continent.ASIA, "korea", 35.1796, 129.0756, "Asia/Seoul", "880"),
            row("Shanghai", "CN", Continent.ASIA, "china", 31.2304, 121.4737, "Asia/Shanghai", "690"),
            row("Beijing", "CN", Continent.ASIA, "china", 39.9042, 116.4074, "Asia/Shanghai", "690"),
            row("Singapore", "SG", Continent.ASIA, "southeast-asia", 1.3521, 103.8198, "Asia/Singapore", "888"),
            row("Kuala Lumpur", "MY", Continent.ASIA, "southeast-asia", 3.1390, 101.6869, "Asia/Kuala_Lumpur", "955"),
            row("Bangkok", "TH", Continent.ASIA, "southeast-asia", 13.7563, 100.5018, "Asia/Bangkok", "885"),
            row("Mumbai", "IN", Continent.ASIA, "india", 19.0760, 72.8777, "Asia/Kolkata", "890"),
            row("Pune", "IN", Continent.ASIA, "india", 18.5204, 73.8567, "Asia/Kolkata", "890"),
            row("Delhi", "IN", Continent.ASIA, "india", 28.6139, 77.2090, "Asia/Kolkata", "890"),
            // Africa
            row("Johannesburg", "ZA", Continent.AFRICA, "southern-africa", -26.2041, 28.0473, "Africa/Johannesburg", "600"),
            row("Durban", "ZA", Continent.AFRICA, "southern-africa", -29.8587, 31.0218, "Africa/Johannesburg", "600"),
            row("Cape Town", "ZA", Continent.AFRICA, "southern-africa", -33.9249, 18.4241, "Africa/Johannesburg", "600"),
            row("Nairobi", "KE", Continent.AFRICA, "east-africa", -1.2921, 36.8219, "Africa/Nairobi", "616"),
            row("Mombasa", "KE", Continent.AFRICA, "east-africa", -4.0435, 39.6682, "Africa/Nairobi", "616"),
            row("Cairo", "EG", Continent.AFRICA, "egypt", 30.0444, 31.2357, "Africa/Cairo", "622"),
            row("Alexandria", "EG", Continent.AFRICA, "egypt", 31.2001, 29.9187, "Africa/Cairo", "622"),
            row("Lagos", "NG", Continent.AFRICA, "west-africa", 6.5244, 3.3792, "Africa/Lagos", "615"),
            row("Accra", "GH", Continent.AFRICA, "west-africa", 5.6037, -0.1870, "Africa/Accra", "603"),
            row("Casablanca", "MA", Continent.AFRICA, "maghreb", 33.5731, -7.5898, "Africa/Casablanca", "611"),
            row("Rabat", "MA", Continent.AFRICA, "maghreb", 34.0209, -6.8416, "Africa/Casablanca", "611"),
            row("Marrakesh", "MA", Continent.AFRICA, "maghreb", 31.6295, -7.9811, "Africa/Casablanca", "611"),
            // Oceania
            row("Sydney", "AU", Continent.OCEANIA, "australia", -33.8688, 151.2093, "Australia/Sydney", "930"),
            row("Melbourne", "AU", Continent.OCEANIA, "australia", -37.8136, 144.9631, "Australia/Melbourne", "930"),
            row("Brisbane", "AU", Continent.OCEANIA, "australia", -27.4698, 153.0251, "Australia/Brisbane", "930"),
            row("Auckland", "NZ", Continent.OCEANIA, "new-zealand", -36.8485, 174.7633, "Pacific/Auckland", "940"),
            row("Wellington", "NZ", Continent.OCEANIA, "new-zealand", -41.2865, 174.7762, "Pacific/Auckland", "940")));

    private static final List<Carrier> CARRIERS = List.of(
            new Carrier("Alpine Cold Logistics", Gs1.withCheckDigit("760424290001"), Continent.EUROPE),
            new Carrier("Rhine Pharma Freight", Gs1.withCheckDigit("400424290002"), Continent.EUROPE),
            new Carrier("Iberia Frio Transportes", Gs1.withCheckDigit("840424290003"), Continent.EUROPE),
            new Carrier("Great Lakes Cold Carriers", Gs1.withCheckDigit("061424290004"), Continent.NORTH_AMERICA),
            new Carrier("Sierra Reefer Lines", Gs1.withCheckDigit("061424290005"), Continent.NORTH_AMERICA),
            new Carrier("Transportes Frio Austral", Gs1.withCheckDigit("779424290006"), Continent.SOUTH_AMERICA),
            new Carrier("Rota Fria Logistica", Gs1.withCheckDigit("789424290007"), Continent.SOUTH_AMERICA),
            new Carrier("Sakura Cold Express", Gs1.withCheckDigit("450424290008"), Continent.ASIA),
            new Carrier("Lion City Reefer", Gs1.withCheckDigit("888424290009"), Continent.ASIA),
            new Carrier("Ganga Coldchain Movers", Gs1.withCheckDigit("890424290010"), Continent.ASIA),
            new Carrier("Savanna Cold Freight", Gs1.withCheckDigit("600424290011"), Continent.AFRICA),
            new Carrier("Nile Reefer Transport", Gs1.withCheckDigit("622424290012"), Continent.AFRICA),
            new Carrier("Southern Cross Chilled", Gs1.withCheckDigit("930424290013"), Continent.OCEANIA));

    private static final List<Leg> ROAD_LEGS = roadLegsOf(CITIES);
    private static final List<Leg> AIR_LEGS = airLegsOf(CITIES);

    /**
     * An ordered pair of cities a truck drives or a plane flies between.
     *
     * @param from           origin
     * @param to             destination
     * @param distanceMeters great-circle distance in metres
     * @param air            flown rather than driven
     */
    public record Leg(City from, City to, double distanceMeters, boolean air) {
    }

    private Hubs() {
    }

    public static List<City> cities() {
        return CITIES;
    }

    public static List<Carrier> carriers() {
        return CARRIERS;
    }

    /** The carriers operating on {@code continent}; never empty for a continent that has cities. */
    public static List<Carrier> carriersOn(final Continent continent) {
        return CARRIERS.stream().filter(c -> c.continent() == continent).toList();
    }

    /**
     * Every ordered pair of distinct cities in one road network between {@link #MIN_LEG_METERS} and
     * {@link #MAX_LEG_METERS} apart, in catalogue order (stable, so seeded draws are reproducible).
     */
    public static List<Leg> roadLegs() {
        return ROAD_LEGS;
    }

    /**
     * Every ordered pair of distinct cities between {@link #MIN_AIR_LEG_METERS} and {@link #MAX_AIR_LEG_METERS}
     * apart, across road networks and continents, in catalogue order.
     */
    public static List<Leg> airLegs() {
        return AIR_LEGS;
    }

    public static City city(final String name) {
        return CITIES.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no city named " + name));
    }

    private static List<Leg> roadLegsOf(final List<City> cities) {
        final List<Leg> legs = new ArrayList<>();
        for (final City from : cities) {
            for (final City to : cities) {
                if (from != to && from.roadNetwork().equals(to.roadNetwork())) {
                    final double d = Geo.distanceMeters(from.position(), to.position());
                    if (d >= MIN_LEG_METERS && d <= MAX_LEG_METERS) {
                        legs.add(new Leg(from, to, d, false));
                    }
                }
            }
        }
        return List.copyOf(legs);
    }

    private static List<Leg> airLegsOf(final List<City> cities) {
        final List<Leg> legs = new ArrayList<>();
        for (final City from : cities) {
            for (final City to : cities) {
                final double d = Geo.distanceMeters(from.position(), to.position());
                if (from != to && d >= MIN_AIR_LEG_METERS && d <= MAX_AIR_LEG_METERS) {
                    legs.add(new Leg(from, to, d, true));
                }
            }
        }
        return List.copyOf(legs);
    }

    /** A catalogue line before its depot gets a GLN. */
    private record Row(String name, String country, Continent continent, String network, double lat, double lon,
                       String zone, String gs1Prefix) {
    }

    private static Row row(final String name, final String country, final Continent continent, final String network,
                           final double lat, final double lon, final String zone, final String gs1Prefix) {
        return new Row(name, country, continent, network, lat, lon, zone, gs1Prefix);
    }

    // Depot GLN: the country's GS1 prefix, a made-up company number and the city's running number as the
    // location reference, so every depot has its own GLN.
    private static List<City> numbered(final List<Row> rows) {
        final List<City> cities = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            final Row r = rows.get(i);
            final String gln = Gs1.withCheckDigit(r.gs1Prefix() + "4242" + String.format("%05d", i + 1));
            cities.add(new City(r.name(), r.country(), r.continent(), r.network(), new LatLon(r.lat(), r.lon()),
                    ZoneId.of(r.zone()), gln));
        }
        return List.copyOf(cities);
    }
}
