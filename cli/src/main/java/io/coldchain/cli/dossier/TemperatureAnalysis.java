package io.coldchain.cli.dossier;

import io.coldchain.rules.temperature.Mkt;
import io.coldchain.schemas.TemperatureProfile;
import io.coldchain.schemas.TemperatureReading;
import io.coldchain.schemas.TemperatureRule;
import io.coldchain.schemas.TemperatureRuleKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;

/**
 * The temperature history of one shipment against its profile, as the dossier states it: the excursions out of the
 * band with their figures, time out of range, the stability budget used and mean kinetic temperature.
 *
 * <p>Durations are time, not reading counts, as in the detector: a reading stands for the interval until the next
 * one, capped by the profile's maximum reading gap; the rest of a longer gap is missing data, not in range. Readings
 * after the delivery are left out (a logger still running at the consignee says nothing about the transport). MKT
 * uses the rules' own formula ({@link Mkt}). No Kafka types, no clock.
 *
 * @param intervals       the covered intervals, in time order
 * @param excursions      maximal runs of readings outside the band, in time order
 * @param readings        readings analysed (after dropping those after delivery and repeated times)
 * @param coveredMillis   time covered by readings
 * @param missingMillis   time in gaps longer than the profile allows
 * @param outOfBandMillis total time outside the band
 * @param budgetMillis    the profile's stability budget (0 = none)
 * @param mktWindowMillis the window of the profile's MKT rule, or 0 when it has none (MKT does not apply)
 * @param mktCelsius      MKT over the whole covered time, NaN without readings
 * @param minCelsius      lowest reading, NaN without readings
 * @param maxCelsius      highest reading, NaN without readings
 */
public record TemperatureAnalysis(List<Interval> intervals, List<Excursion> excursions, int readings,
                                  long coveredMillis, long missingMillis, long outOfBandMillis, long budgetMillis,
                                  long mktWindowMillis, double mktCelsius, double minCelsius, double maxCelsius) {

    /** One reading standing for [{@code from}, {@code to}). */
    public record Interval(long from, long to, double celsius) {
        long millis() {
            return to - from;
        }
    }

    /**
     * One excursion out of the band.
     *
     * @param start                 time of its first reading outside the band
     * @param end                   time of the first reading back inside, or the end of the last covered interval
     * @param durationMillis        covered time outside the band (missing data inside it not counted)
     * @param minCelsius            lowest reading in it
     * @param maxCelsius            highest reading in it
     * @param degreeHours           area out of range: Σ |T − nearest band limit| × hours, in °C·h
     * @param budgetPercent         share of the stability budget it used, NaN without a budget
     * @param cumulativeBudgetPercent budget used by the shipment up to its end, NaN without a budget
     * @param mktCelsius            MKT over the profile's MKT window ending at {@code end}, NaN if MKT does not apply
     * @param mktCoveredMillis      how much of that window readings cover
     */
    public record Excursion(long start, long end, long durationMillis, double minCelsius, double maxCelsius,
                            double degreeHours, double budgetPercent, double cumulativeBudgetPercent,
                            double mktCelsius, long mktCoveredMillis) {
    }

    /**
     * @param deliveredAt the delivery time, if known: readings at or after it are not analysed
     */
    public static TemperatureAnalysis of(final TemperatureProfile profile, final List<TemperatureReading> readings,
                                         final OptionalLong deliveredAt) {
        final List<TemperatureReading> sorted = new ArrayList<>();
        readings.stream()
                .filter(r -> deliveredAt.isEmpty() || r.getEventTime() < deliveredAt.getAsLong())
                .sorted(Comparator.comparingLong(TemperatureReading::getEventTime))
                .forEach(r -> {
                    // a second reading at the same instant (two loggers, a redelivery) stands for no time: the first wins
                    if (sorted.isEmpty() || sorted.get(sorted.size() - 1).getEventTime() != r.getEventTime()) {
                        sorted.add(r);
                    }
                });
        final long maxGap = profile.getMaxReadingGapMillis() > 0 ? profile.getMaxReadingGapMillis() : Long.MAX_VALUE;
        final List<Interval> intervals = new ArrayList<>();
        long missing = 0;
        double min = Double.NaN;
        double max = Double.NaN;
        for (int i = 0; i < sorted.size(); i++) {
            final TemperatureReading r = sorted.get(i);
            final double c = r.getTemperatureCelsius();
            min = Double.isNaN(min) ? c : Math.min(min, c);
            max = Double.isNaN(max) ? c : Math.max(max, c);
            final long from = r.getEventTime();
            final long next = i + 1 < sorted.size() ? sorted.get(i + 1).getEventTime() : from;
            final long covered = Math.min(next - from, maxGap);
            intervals.add(new Interval(from, from + covered, c));
            missing += next - from - covered;
        }
        final long mktWindow = mktWindow(profile);
        final List<Excursion> excursions = excursions(profile, intervals, mktWindow);
        long covered = 0;
        long outside = 0;
        double weighted = 0;
        for (final Interval interval : intervals) {
            covered += interval.millis();
            weighted += interval.millis() * Mkt.weight(interval.celsius());
            if (outside(profile, interval.celsius())) {
                outside += interval.millis();
            }
        }
        return new TemperatureAnalysis(List.copyOf(intervals), List.copyOf(excursions), sorted.size(), covered, missing,
                outside, profile.getStabilityBudgetMillis(), mktWindow, Mkt.celsius(weighted, covered), min, max);
    }

    /** The window of the profile's (first) MKT rule, 0 if it has none. */
    static long mktWindow(final TemperatureProfile profile) {
        for (final TemperatureRule rule : profile.getRules()) {
            if (rule.getKind() == TemperatureRuleKind.MKT) {
                return rule.getWindowMillis();
            }
        }
        return 0;
    }

    /** Budget used by the whole shipment in percent, NaN without a budget. */
    public double budgetUsedPercent() {
        return budgetMillis > 0 ? 100.0 * outOfBandMillis / budgetMillis : Double.NaN;
    }

    private static boolean outside(final TemperatureProfile profile, final double celsius) {
        return celsius < profile.getMinCelsius() || celsius > profile.getMaxCelsius();
    }

    private static List<Excursion> excursions(final TemperatureProfile profile, final List<Interval> intervals,
                                              final long mktWindow) {
        final List<Excursion> excursions = new ArrayList<>();
        final long budget = profile.getStabilityBudgetMillis();
        long cumulative = 0;
        int i = 0;
        while (i < intervals.size()) {
            if (!outside(profile, intervals.get(i).celsius())) {
                i++;
                continue;
            }
            final long start = intervals.get(i).from();
            long duration = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            double area = 0;
            long lastEnd = start;
            while (i < intervals.size() && outside(profile, intervals.get(i).celsius())) {
                final Interval interval = intervals.get(i);
                final double c = interval.celsius();
                duration += interval.millis();
                min = Math.min(min, c);
                max = Math.max(max, c);
                final double beyond = c > profile.getMaxCelsius() ? c - profile.getMaxCelsius() : profile.getMinCelsius() - c;
                area += beyond * interval.millis() / 3_600_000.0;
                lastEnd = interval.to();
                i++;
            }
            // back in range at the next reading if no data was missing in between; else at the end of the cover
            final long end = i < intervals.size() && intervals.get(i - 1).to() == intervals.get(i).from()
                    ? intervals.get(i).from() : lastEnd;
            cumulative += duration;
            final double[] mkt = mktWindow > 0 ? mkt(intervals, end - mktWindow, end) : new double[] {Double.NaN, 0};
            excursions.add(new Excursion(start, end, duration, min, max, area,
                    budget > 0 ? 100.0 * duration / budget : Double.NaN,
                    budget > 0 ? 100.0 * cumulative / budget : Double.NaN, mkt[0], (long) mkt[1]));
        }
        return excursions;
    }

    /** {MKT °C, covered ms} of the intervals' parts inside [from, to). */
    static double[] mkt(final List<Interval> intervals, final long from, final long to) {
        double covered = 0;
        double weighted = 0;
        for (final Interval interval : intervals) {
            final long a = Math.max(from, interval.from());
            final long b = Math.min(to, interval.to());
            if (b > a) {
                covered += b - a;
                weighted += (b - a) * Mkt.weight(interval.celsius());
            }
        }
        return new double[] {Mkt.celsius(weighted, covered), covered};
    }
}
