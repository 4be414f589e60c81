package io.coldchain.ops.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;

/**
 * The console in headless Chromium against {@link FakeConsoleApi}: the pages as the jar serves them, the API from
 * fixtures, so every view can be checked without a broker. ConsoleIT does the same against the real application.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final int FLEET = 5000;

    private FakeConsoleApi api;
    private String base;
    private HeadlessChromium browser;

    @BeforeAll
    void start() throws Exception {
        browser = HeadlessChromium.start(1440, 900);
        api = new FakeConsoleApi(FLEET, null);
        base = api.serve();
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (api != null) {
            api.close();
        }
    }

    /** No view may throw or fail to load a file: the browser's console stays free of errors. */
    @AfterEach
    void noErrorsInTheBrowser() {
        if (browser != null) {
            assertThat(browser.errors()).isEmpty();
        }
    }

    private int count(final String selector, final String attribute) {
        final String value = browser.driver().findElement(By.cssSelector(selector)).getAttribute(attribute);
        return value == null ? -1 : Integer.parseInt(value);
    }

    @Test
    @DisplayName("the fleet map puts all 5,000 shipments on the map, coloured by their worst open alert, in a few seconds")
    void shouldDrawTheWholeFleet() throws Exception {
        final long started = System.nanoTime();
        browser.driver().get(base + "/");

        browser.await(PATIENCE, "5,000 markers on the map", d -> count("#fleet-map", "data-count") >= FLEET - FLEET / 50);
        final Duration took = Duration.ofNanos(System.nanoTime() - started);

        // Delivered shipments (every 50th) are left off unless asked for.
        assertThat(count("#fleet-map", "data-count")).isEqualTo(FLEET - FLEET / 50);
        assertThat(count("#fleet-map", "data-alerting")).isPositive();
        assertThat(browser.driver().findElements(By.cssSelector("#legend li[data-severity=CRITICAL]"))).hasSize(1);
        assertThat(took).isLessThan(Duration.ofSeconds(15));
        browser.screenshot("console-fleet-map");
        // The map still answers: a zoom is drawn at once.
        final Object zoomed = browser.script("const map = document.getElementById('fleet-map');"
                + "const t = performance.now(); map.querySelector('.leaflet-control-zoom-in').click();"
                + "return performance.now() - t;");
        assertThat(((Number) zoomed).doubleValue()).isLessThan(1000);
    }

    @Test
    @DisplayName("an alert pushed by the server appears in the inbox without a reload, and acknowledging it posts who and why")
    void shouldShowAlertsLiveAndAcknowledgeThem() throws Exception {
        browser.driver().get(base + "/#/alerts");
        browser.await(PATIENCE, "the inbox loaded", d -> !d.findElements(By.cssSelector("#alerts tr[data-alert-id=alert-excursion]")).isEmpty());
        browser.await(PATIENCE, "the live feed connected", d -> api.subscribers() > 0
                && "live".equals(d.findElement(By.id("live")).getAttribute("data-state")));

        api.push("alert", FakeConsoleApi.alert("alert-live-1", "SHP-000042", "ROUTE_DEVIATION", "CRITICAL", "OPEN", 210, 215,
                "4.8 km outside the corridor", FakeConsoleApi.map("distanceMeters", "4800", "exitLat", "48.1", "exitLon", "8.2")));

        final WebElement row = browser.await(PATIENCE, "the pushed alert in the inbox",
                d -> d.findElements(By.cssSelector("#alerts tr[data-alert-id=alert-live-1]")).stream().findFirst().orElse(null));
        assertThat(row.getText()).contains("ROUTE_DEVIATION", "SHP-000042", "4.8 km outside the corridor");
        assertThat(row.getAttribute("class")).contains("fresh");
        browser.screenshot("console-alert-inbox");

        row.findElement(By.cssSelector("button.ack-button")).click();
        final WebElement dialog = browser.await(PATIENCE, "the ack dialog", d -> {
            final WebElement open = d.findElement(By.id("ack-dialog"));
            return open.isDisplayed() ? open : null;
        });
        dialog.findElement(By.name("by")).sendKeys("Ada Duty");
        dialog.findElement(By.name("comment")).sendKeys("Driver called: detour around an accident");
        dialog.findElement(By.cssSelector("button[value=ack]")).click();

        browser.await(PATIENCE, "the ack recorded by the server", d -> !api.acks.isEmpty());
        assertThat(api.acks.get(0).path("by").asText()).isEqualTo("Ada Duty");
        assertThat(api.acks.get(0).path("comment").asText()).isEqualTo("Driver called: detour around an accident");
        final String acked = browser.await(PATIENCE, "the ack shown in the row", d -> {
            final String text = d.findElement(By.cssSelector("#alerts tr[data-alert-id=alert-live-1] td.ack")).getText();
            return text.contains("Ada Duty") && !text.contains("(sent)") ? text : null;
        });
        assertThat(acked).contains("detour around an accident");
    }

    @Test
    @DisplayName("a shipment page draws the route, the track with its stop and deviation, the temperature chart, custody and alerts")
    void shouldDrawAShipment() throws Exception {
        browser.driver().get(base + "/#/shipment/" + FakeConsoleApi.FOCUS);

        browser.await(PATIENCE, "the track drawn", d -> !d.findElements(By.cssSelector("#shipment-map path.track")).isEmpty());
        browser.await(PATIENCE, "the chart drawn", d -> !d.findElements(By.cssSelector("#temperature-chart canvas")).isEmpty());

        final String track = browser.driver().findElement(By.cssSelector("#shipment-map path.track")).getAttribute("d");
        assertThat(track).matches("M[-0-9 .]+(L[-0-9 .]+){3,}");
        assertThat(count("#shipment-map", "data-track-points")).isEqualTo(41);
        assertThat(count("#shipment-map", "data-deviations")).isPositive();
        assertThat(browser.driver().findElements(By.cssSelector("#shipment-map path.corridor"))).hasSize(1);
        assertThat(browser.driver().findElements(By.cssSelector("#shipment-map path.deviation"))).isNotEmpty();
        assertThat(browser.driver().findElements(By.cssSelector("#shipment-map path.stop.unplanned"))).hasSize(1);
        assertThat(count("#temperature-chart", "data-points")).isEqualTo(101);
        // The chart's canvas has the series, the band and the shaded excursion on it: count distinct colours drawn.
        final Number colours = (Number) browser.script("const c = document.querySelector('#temperature-chart canvas');"
                + "const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; const seen = new Set();"
                + "for (let i = 0; i < px.length; i += 4) { if (px[i + 3] > 0) seen.add(px[i] << 16 | px[i + 1] << 8 | px[i + 2]); }"
                + "return seen.size;");
        assertThat(colours.intValue()).isGreaterThan(10);
        final String stats = browser.driver().findElement(By.id("temperature-stats")).getText();
        assertThat(stats).contains("9.1 °C", "6.12 °C", "55 %", "40 min");
        final List<WebElement> custody = browser.driver().findElements(By.cssSelector("#custody li"));
        assertThat(custody).extracting(WebElement::getText).anySatisfy(t -> assertThat(t).contains("Rhein Kühllogistik"))
                .anySatisfy(t -> assertThat(t).contains("DUPLICATE_SERIAL", "sgtin"));
        assertThat(browser.driver().findElements(By.cssSelector("#shipment-alerts .alert-card"))).hasSize(3);
        assertThat(browser.driver().findElement(By.id("shipment-alerts")).getText()).contains("peakCelsius", "10.4 °C");
        browser.driver().manage().window().setSize(new Dimension(1440, 1500));
        Thread.sleep(500); // the map and the chart follow the window on their next frame
        browser.screenshot("console-shipment");
        browser.driver().manage().window().setSize(new Dimension(1440, 900));
    }

    @Test
    @DisplayName("with a token configured, the console asks for it once on 401 and sends it on every call, the live stream too")
    void shouldAskForTheTokenAndUseIt() throws Exception {
        try (FakeConsoleApi secured = new FakeConsoleApi(20, "s3cret")) {
            final String securedBase = secured.serve();
            browser.driver().get(securedBase + "/#/alerts");

            final WebElement dialog = browser.await(PATIENCE, "the token dialog", d -> {
                final WebElement open = d.findElement(By.id("token-dialog"));
                return open.isDisplayed() ? open : null;
            });
            dialog.findElement(By.name("token")).sendKeys("s3cret");
            dialog.findElement(By.cssSelector("button.primary")).click();

            browser.await(PATIENCE, "the alerts loaded with the token",
                    d -> !d.findElements(By.cssSelector("#alerts tr[data-alert-id=alert-excursion]")).isEmpty());
            browser.await(PATIENCE, "the live stream opened with the token", d -> secured.subscribers() > 0);
            assertThat(browser.script("return sessionStorage.getItem('coldchain.token')")).isEqualTo("s3cret");
            browser.script("sessionStorage.clear()");
            browser.driver().get("about:blank"); // leave before this server stops under the open stream
            // The refused calls before the token are the only errors the browser reports.
            assertThat(browser.errors()).isNotEmpty().allSatisfy(message -> assertThat(message).contains("401"));
        }
    }

    @Test
    @DisplayName("the check for browser errors sees them (so its silence elsewhere means something)")
    void shouldSeeErrorsInTheBrowser() {
        browser.driver().get(base + "/#/alerts");
        browser.script("console.error('deliberate test error')");

        assertThat(browser.errors()).anySatisfy(message -> assertThat(message).contains("deliberate test error"));
    }

    @Test
    @DisplayName("on a wall display the map and the inbox share the screen")
    void shouldShowMapAndInboxTogetherOnAWall() {
        browser.driver().get(base + "/?wall=1");

        browser.await(PATIENCE, "markers", d -> count("#fleet-map", "data-count") > 0);
        assertThat(browser.driver().findElement(By.id("view-map")).isDisplayed()).isTrue();
        assertThat(browser.driver().findElement(By.id("view-alerts")).isDisplayed()).isTrue();
    }
}
