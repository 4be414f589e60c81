package io.coldchain.cli.dossier;

import io.coldchain.schemas.GeoPoint;
import io.coldchain.schemas.LocationFix;
import io.coldchain.schemas.PlannedStop;
import io.coldchain.schemas.ShipmentPlan;
import io.coldchain.schemas.TemperatureProfile;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.SimpleDateFormat;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYPolygonAnnotation;
import org.jfree.chart.annotations.XYShapeAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The dossier's charts, drawn server-side with JFreeChart into PNG images, so the HTML and the PDF show them without a
 * browser or script. Same input, same pixels (no time, no randomness).
 */
final class DossierCharts {

    /** The band, light green: the tests look for it in the rendered PDF page. */
    static final Color BAND = new Color(0xB7, 0xE4, 0xC7);
    /** Excursion periods, light red. */
    static final Color EXCURSION = new Color(0xF8, 0xB4, 0xB4);
    static final Color LINE = new Color(0x1F, 0x4E, 0x9A);
    static final Color CORRIDOR = new Color(0xDC, 0xE8, 0xF8);
    static final Color DEVIATION = new Color(0xC6, 0x28, 0x28);
    static final int WIDTH = 1000;
    static final int HEIGHT = 420;
    static final int MAP_HEIGHT = 560;
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final double METRES_PER_DEGREE = 111_320.0;

    private DossierCharts() {
    }

    static String dataUri(final byte[] png) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
    }

    /** Readings as a step line over the band, with the excursions shaded. */
    static byte[] temperatureChart(final TemperatureProfile profile, final TemperatureAnalysis analysis, final ZoneId zone) {
        final XYSeries readings = new XYSeries("°C", true, true);
        for (final TemperatureAnalysis.Interval interval : analysis.intervals()) {
            readings.addOrUpdate(interval.from(), interval.celsius());
        }
        final TemperatureAnalysis.Interval last = analysis.intervals().get(analysis.intervals().size() - 1);
        final DateAxis timeAxis = new DateAxis("time (" + zone.getId() + ")", TimeZone.getTimeZone(zone), Locale.ROOT);
        final SimpleDateFormat format = new SimpleDateFormat("dd MMM HH:mm", Locale.ROOT);
        format.setTimeZone(TimeZone.getTimeZone(zone));
        timeAxis.setDateFormatOverride(format);
        timeAxis.setRange(analysis.intervals().get(0).from(), Math.max(last.to(), last.from() + 1));
        final NumberAxis celsiusAxis = new NumberAxis("°C");
        double low = analysis.minCelsius();
        double high = analysis.maxCelsius();
        if (!Double.isInfinite(profile.getMinCelsius())) {
            low = Math.min(low, profile.getMinCelsius());
        }
        if (!Double.isInfinite(profile.getMaxCelsius())) {
            high = Math.max(high, profile.getMaxCelsius());
        }
        final double pad = Math.max(1.0, (high - low) * 0.08);
        celsiusAxis.setRange(low - pad, high + pad);
        final XYStepRenderer renderer = new XYStepRenderer();
        renderer.setSeriesPaint(0, LINE);
        renderer.setSeriesStroke(0, new BasicStroke(2f));
        final XYPlot plot = new XYPlot(new XYSeriesCollection(readings), timeAxis, celsiusAxis, renderer);
        style(plot);
        if (!Double.isInfinite(profile.getMinCelsius()) && !Double.isInfinite(profile.getMaxCelsius())) {
            plot.addRangeMarker(opaque(new IntervalMarker(profile.getMinCelsius(), profile.getMaxCelsius(), BAND)), Layer.BACKGROUND);
        }
        for (final TemperatureAnalysis.Excursion e : analysis.excursions()) {
            plot.addDomainMarker(opaque(new IntervalMarker(e.start(), Math.max(e.end(), e.start() + 1), EXCURSION)),
                    Layer.BACKGROUND);
        }
        return png(plot, WIDTH, HEIGHT);
    }

    /**
     * The planned route with its corridor, origin, destination and planned stops; the track of fixes, with the fixes
     * inside deviation periods in red; stops the route checks found as rings.
     *
     * @param deviations [from, to] evidence periods of deviations and diversions
     * @param stops      [lat, lon] of stops found
     */
    static byte[] routeMap(final ShipmentPlan plan, final List<LocationFix> fixes, final List<long[]> deviations,
                           final List<double[]> stops) {
        final XYSeries route = new XYSeries("planned route", false, true);
        plan.getRoute().getWaypoints().forEach(p -> route.add(p.getLon(), p.getLat()));
        final XYSeries track = new XYSeries("track", false, true);
        final XYSeries off = new XYSeries("deviation", false, true);
        final List<LocationFix> sorted = new ArrayList<>(fixes);
        sorted.sort(Comparator.comparingLong(LocationFix::getEventTime));
        for (final LocationFix fix : sorted) {
            track.add(fix.getLon(), fix.getLat());
            if (deviations.stream().anyMatch(d -> fix.getEventTime() >= d[0] && fix.getEventTime() <= d[1])) {
                off.add(fix.getLon(), fix.getLat());
            }
        }
        final XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(route);
        data.addSeries(track);
        data.addSeries(off);
        final XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
        renderer.setSeriesPaint(0, new Color(0x55, 0x55, 0x55));
        renderer.setSeriesStroke(0, new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] {8f, 6f}, 0f));
        renderer.setSeriesShapesVisible(0, false);
        renderer.setSeriesPaint(1, LINE);
        renderer.setSeriesStroke(1, new BasicStroke(1.5f));
        renderer.setSeriesShape(1, new Ellipse2D.Double(-2, -2, 4, 4));
        renderer.setSeriesPaint(2, DEVIATION);
        renderer.setSeriesLinesVisible(2, false);
        renderer.setSeriesShape(2, new Ellipse2D.Double(-4, -4, 8, 8));
        final NumberAxis x = new NumberAxis("longitude °");
        final NumberAxis y = new NumberAxis("latitude °");
        final XYPlot plot = new XYPlot(data, x, y, renderer);
        style(plot);

        final List<double[]> points = new ArrayList<>();
        plan.getRoute().getWaypoints().forEach(p -> points.add(new double[] {p.getLat(), p.getLon()}));
        sorted.forEach(f -> points.add(new double[] {f.getLat(), f.getLon()}));
        points.add(new double[] {plan.getOrigin().getCenter().getLat(), plan.getOrigin().getCenter().getLon()});
        points.add(new double[] {plan.getDestination().getCenter().getLat(), plan.getDestination().getCenter().getLon()});
        final double lat0 = points.stream().mapToDouble(p -> p[0]).average().orElse(0);
        final double cos = Math.max(0.05, Math.cos(Math.toRadians(lat0)));

        final double half = plan.getRoute().getCorridorHalfWidthMeters();
        final List<GeoPoint> waypoints = plan.getRoute().getWaypoints();
        for (int i = 0; i + 1 < waypoints.size(); i++) {
            renderer.addAnnotation(corridor(waypoints.get(i), waypoints.get(i + 1), half, cos), Layer.BACKGROUND);
        }
        area(plot, plan.getOrigin().getCenter(), Math.max(plan.getOrigin().getRadiusMeters(), half), cos, "origin: "
                + plan.getOrigin().getName(), new Color(0x2E, 0x7D, 0x32));
        area(plot, plan.getDestination().getCenter(), Math.max(plan.getDestination().getRadiusMeters(), half), cos,
                "destination: " + plan.getDestination().getName(), new Color(0x2E, 0x7D, 0x32));
        for (final PlannedStop stop : plan.getPlannedStops()) {
            area(plot, stop.getArea().getCenter(), stop.getArea().getRadiusMeters(), cos, "stop: " + stop.getArea().getName(),
                    new Color(0x6A, 0x1B, 0x9A));
        }
        for (final double[] stop : stops) {
            final double r = 0.01;
            plot.addAnnotation(new XYShapeAnnotation(new Ellipse2D.Double(stop[1] - r / cos, stop[0] - r, 2 * r / cos, 2 * r),
                    new BasicStroke(3f), DEVIATION));
            points.add(stop);
        }

        // equal distances look equal: a degree of longitude is cos(latitude) of a degree of latitude
        double minLat = points.stream().mapToDouble(p -> p[0]).min().orElse(0);
        double maxLat = points.stream().mapToDouble(p -> p[0]).max().orElse(0);
        double minLon = points.stream().mapToDouble(p -> p[1]).min().orElse(0);
        double maxLon = points.stream().mapToDouble(p -> p[1]).max().orElse(0);
        final double padLat = Math.max(0.02, (maxLat - minLat) * 0.08) + half / METRES_PER_DEGREE;
        minLat -= padLat;
        maxLat += padLat;
        minLon -= padLat / cos;
        maxLon += padLat / cos;
        final double aspect = (double) WIDTH / MAP_HEIGHT;
        final double height = maxLat - minLat;
        final double width = (maxLon - minLon) * cos; // in degrees of latitude
        if (width / height < aspect) {
            final double grow = (height * aspect / cos - (maxLon - minLon)) / 2;
            minLon -= grow;
            maxLon += grow;
        } else {
            final double grow = (width / aspect - height) / 2;
            minLat -= grow;
            maxLat += grow;
        }
        x.setRange(minLon, maxLon);
        y.setRange(minLat, maxLat);
        return png(plot, WIDTH, MAP_HEIGHT);
    }

    /** Markers are translucent by default: opaque, their colours are exactly those of the legend. */
    private static IntervalMarker opaque(final IntervalMarker marker) {
        marker.setAlpha(1f);
        return marker;
    }

    private static XYPolygonAnnotation corridor(final GeoPoint a, final GeoPoint b, final double halfWidth, final double cos) {
        // the leg in a local flat projection (x = lon·cos, y = lat, in degrees), widened by the half-width each side
        final double ax = a.getLon() * cos;
        final double ay = a.getLat();
        final double bx = b.getLon() * cos;
        final double by = b.getLat();
        final double length = Math.hypot(bx - ax, by - ay);
        final double w = halfWidth / METRES_PER_DEGREE;
        final double nx = length == 0 ? w : -(by - ay) / length * w;
        final double ny = length == 0 ? 0 : (bx - ax) / length * w;
        final double ex = length == 0 ? 0 : (bx - ax) / length * w;
        final double ey = length == 0 ? w : (by - ay) / length * w;
        final double[] polygon = {
            (ax - ex + nx) / cos, ay - ey + ny,
            (bx + ex + nx) / cos, by + ey + ny,
            (bx + ex - nx) / cos, by + ey - ny,
            (ax - ex - nx) / cos, ay - ey - ny};
        return new XYPolygonAnnotation(polygon, null, null, CORRIDOR);
    }

    private static void area(final XYPlot plot, final GeoPoint centre, final double radiusMeters, final double cos,
                             final String label, final Color colour) {
        final double r = radiusMeters / METRES_PER_DEGREE;
        plot.addAnnotation(new XYShapeAnnotation(new Ellipse2D.Double(centre.getLon() - r / cos, centre.getLat() - r,
                2 * r / cos, 2 * r), new BasicStroke(2f), colour));
        final XYTextAnnotation text = new XYTextAnnotation(label, centre.getLon(), centre.getLat() + r * 1.3);
        text.setFont(FONT);
        text.setPaint(colour);
        text.setTextAnchor(TextAnchor.BOTTOM_CENTER);
        plot.addAnnotation(text);
    }

    private static void style(final XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        plot.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        plot.getDomainAxis().setLabelFont(FONT);
        plot.getRangeAxis().setLabelFont(FONT);
        plot.getDomainAxis().setTickLabelFont(FONT);
        plot.getRangeAxis().setTickLabelFont(FONT);
    }

    private static byte[] png(final XYPlot plot, final int width, final int height) {
        final JFreeChart chart = new JFreeChart(null, FONT, plot, plot.getSeriesCount() > 1);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        final BufferedImage image = chart.createBufferedImage(width, height);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
