package io.coldchain.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coldchain.ops.console.HeadlessChromium;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The web console in headless Chromium against the real application, as {@code ./coldchain demo} runs it: the local
 * broker, the exactly-once streams application with its ops port, and the simulator publishing a small fleet while
 * the browser watches. Run with {@code -Dconsole.screenshots=$PWD/../docs/img} to refresh the README's screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ADDRESS = Pattern.compile("ops endpoints at (http://127\\.0\\.0\\.1:\\d+)/");
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** Long enough for the simulator to raise a new alert after the page loaded (a few a minute at this speed). */
    private static final Duration ALERT_PATIENCE = Duration.ofMinutes(4);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private Demo demo;
    private HeadlessChromium browser;
    private String base;

    @BeforeAll
    void start() throws Exception {
        final CompletableFuture<String> address = new CompletableFuture<>();
        demo = new Demo(new Demo.Settings(12, 42, 600, 0.5, 0, 0), alert -> { }, line -> {
            final Matcher matcher = ADDRESS.matcher(line);
            if (matcher.find()) {
                address.complete(matcher.group(1));
            }
        }).start();
        base = address.get(10, TimeUnit.SECONDS);
        browser = HeadlessChromium.start(1440, 900);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (demo != null) {
            demo.close();
        }
    }

    private HttpResponse<String> get(final String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(final String path) throws Exception {
        final HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** The console's data views need the query API; a build without it still checks the console is served. */
    private void assumeQueryApi() throws Exception {
        Assumptions.assumeTrue(get("/api/alerts?limit=1").statusCode() != 404,
                "this build's application has no query API (/api/...): only the console's files were checked");
    }

    private static List<JsonNode> items(final JsonNode page) {
        return StreamSupport.stream(page.path("items").spliterator(), false).toList();
    }

    private int attribute(final String selector, final String name) {
        final String value = browser.driver().findElement(By.cssSelector(selector)).getAttribute(name);
        return value == null ? -1 : Integer.parseInt(value);
    }

    @Test
    @Order(1)
    @DisplayName("the application serves the console and every library it loads from its own jar")
    void shouldServeTheConsole() throws Exception {
        final HttpResponse<String> page = get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("coldchain console");
        for (final String file : List.of("/console/js/main.js", "/console/vendor/leaflet/leaflet.js",
                "/console/vendor/uplot/uPlot.iife.min.js", "/console/world-110m.json")) {
            assertThat(get(file).statusCode()).as(file).isEqualTo(200);
        }
    }

    @Test
    @Order(2)
    @DisplayName("an alert the simulation raises after the page loaded appears in the inbox, and its acknowledgement is recorded")
    void shouldShowANewAlertLiveAndRecordItsAcknowledgement() throws Exception {
        assumeQueryApi();
        final WebDriver page = browser.driver();
        page.get(base + "/#/alerts");
        browser.await(PATIENCE, "the inbox loaded and the live feed connected",
                d -> d.findElement(By.id("alert-summary")).getAttribute("data-count") != null
                        && "live".equals(d.findElement(By.id("live")).getAttribute("data-state")));
        // Read in one go, again if the inbox redraws a row while it is read (a stale row is retried, not an error).
        final Set<String> before = browser.await(PATIENCE, "the inbox's rows read", d -> {
            final Set<String> ids = new HashSet<>();
            for (final WebElement row : d.findElements(By.cssSelector("#alerts tr[data-alert-id]"))) {
                ids.add(row.getAttribute("data-alert-id"));
            }
            return ids;
        });

        // The inbox redraws its rows as events arrive: rows are found again by id each time, never kept.
        final String alertId = browser.await(ALERT_PATIENCE, "a new alert in the inbox", d -> d.findElements(
                By.cssSelector("#alerts tr[data-alert-id]")).stream().map(r -> r.getAttribute("data-alert-id"))
                .filter(id -> !before.contains(id)).findFirst().orElse(null));
        final String row = "#alerts tr[data-alert-id='" + alertId + "']";
        // The simulation goes on: the alert may be RESOLVED before the ack is read back, and the inbox's default
        // filter (open) would then drop its row. Every status from here on.
        new Select(page.findElement(By.cssSelector("#alert-filters select[name=status]"))).selectByValue("all");
        final String shipment = browser.await(PATIENCE, "the alert's shipment",
                d -> d.findElement(By.cssSelector(row + " a.shipment-link")).getText());
        assertThat(shipment).startsWith("SHP-");
        browser.screenshot("console-alert-inbox");

        browser.await(PATIENCE, "the Acknowledge button clicked", d -> {
            d.findElement(By.cssSelector(row + " button.ack-button")).click();
            return true;
        });
        final WebElement dialog = page.findElement(By.id("ack-dialog"));
        browser.await(PATIENCE, "the ack dialog", d -> dialog.isDisplayed());
        dialog.findElement(By.name("by")).sendKeys("Ada Duty");
        dialog.findElement(By.name("comment")).sendKeys("Called the carrier");
        dialog.findElement(By.cssSelector("button[value=ack]")).click();

        // The row shows the ack once the application has read it back from the acknowledgements topic (event: ack).
        browser.await(PATIENCE, "the recorded ack in the row", d -> {
            final String text = d.findElement(By.cssSelector(row + " td.ack")).getText();
            return text.contains("Ada Duty") && !text.contains("(sent)");
        });
        final JsonNode recorded = browser.await(PATIENCE, "the ack in /api/alerts", d -> {
            try {
                return items(json("/api/alerts?status=all&limit=10000&shipment=" + shipment)).stream()
                        .filter(a -> alertId.equals(a.path("alertId").asText()) && !a.path("ack").isNull()
                                && a.has("ack")).findFirst().orElse(null);
            } catch (Exception e) {
                return null;
            }
        });
        assertThat(recorded.path("ack").path("by").asText()).isEqualTo("Ada Duty");
        assertThat(recorded.path("ack").path("comment").asText()).isEqualTo("Called the carrier");
    }

    @Test
    @Order(3)
    @DisplayName("the fleet map shows every shipment under way at its last position")
    void shouldShowTheFleetOnTheMap() throws Exception {
        assumeQueryApi();
        browser.driver().get(base + "/?refresh=5#/map");

        // The map refreshes every 5 s and the fleet moves meanwhile: wait for a moment when both agree.
        browser.await(PATIENCE, "the map showing what the API lists, coloured by open alerts", d -> {
            try {
                final List<JsonNode> underWay = items(json("/api/shipments?size=1000")).stream()
                        .filter(s -> !s.path("lastPosition").isNull() && s.has("lastPosition"))
                        .filter(s -> !Set.of("DELIVERED", "CLOSED").contains(s.path("status").asText())).toList();
                final long alerting = underWay.stream().filter(s -> s.hasNonNull("worstOpenAlert")).count();
                return !underWay.isEmpty() && attribute("#fleet-map", "data-count") == underWay.size()
                        && attribute("#fleet-map", "data-alerting") == alerting;
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(browser.driver().findElements(By.cssSelector("#legend li"))).isNotEmpty();
        browser.screenshot("console-fleet-map");
    }

    @Test
    @Order(4)
    @DisplayName("a shipment page draws its GPS track and its temperature chart")
    void shouldDrawAShipmentsTrackAndChart() throws Exception {
        assumeQueryApi();
        final String id = browser.await(PATIENCE, "a shipment with a track and readings", d -> {
            try {
                return items(json("/api/shipments?size=1000")).stream().map(s -> s.path("shipmentId").asText())
                        .filter(s -> {
                            try {
                                return json("/api/shipments/" + s + "/track").path("points").size() > 5
                                        && json("/api/shipments/" + s + "/temperatures").path("points").size() > 5;
                            } catch (Exception e) {
                                return false;
                            }
                        }).findFirst().orElse(null);
            } catch (Exception e) {
                return null;
            }
        });
        browser.driver().get(base + "/#/shipment/" + id);

        browser.await(PATIENCE, "the track", d -> !d.findElements(By.cssSelector("#shipment-map path.track")).isEmpty());
        browser.await(PATIENCE, "the chart", d -> !d.findElements(By.cssSelector("#temperature-chart canvas")).isEmpty());
        assertThat(attribute("#shipment-map", "data-track-points")).isGreaterThan(5);
        assertThat(attribute("#temperature-chart", "data-points")).isGreaterThan(5);
        assertThat(browser.driver().findElement(By.cssSelector("#shipment-map path.track")).getAttribute("d")).startsWith("M");
        assertThat(browser.driver().findElements(By.cssSelector("#shipment-map path.corridor"))).hasSize(1);
        assertThat(browser.driver().findElement(By.id("shipment-head")).getText()).contains(id);
        browser.driver().manage().window().setSize(new Dimension(1440, 1500));
        Thread.sleep(500); // the map and the chart follow the window on their next frame
        browser.screenshot("console-shipment");
    }
}
