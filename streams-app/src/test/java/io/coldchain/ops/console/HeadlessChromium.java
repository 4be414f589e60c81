package io.coldchain.ops.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's chromium and chromedriver, headless, for the console's browser tests. The paths are given to Selenium,
 * so Selenium Manager never looks for (or downloads) a browser. Where they are missing, a developer's build skips
 * the browser tests with a message that says what to install; CI (environment variable CI set) installs them in
 * {@code .ci/run} and fails instead of skipping.
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final Path BROWSER = Path.of(System.getProperty("console.chromium", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(System.getProperty("console.chromedriver", "/usr/bin/chromedriver"));
    /** Where screenshots go: always target/console-screenshots, and also -Dconsole.screenshots=DIR (docs/img). */
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    private final ChromeDriver driver;

    private HeadlessChromium(final ChromeDriver driver) {
        this.driver = driver;
    }

    /** A browser with a window the size of a laptop screen (or, for the wall display, of a 1080p screen). */
    public static HeadlessChromium start(final int width, final int height) {
        final boolean found = Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
        final String missing = "headless browser tests need " + BROWSER + " and " + DRIVER
                + " (Debian: apt-get install chromium chromium-driver; .ci/run installs them)";
        if (!found && System.getenv("CI") == null) {
            Assumptions.abort(missing);
        }
        if (!found) {
            throw new IllegalStateException(missing);
        }
        final ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments(List.of("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--no-first-run", "--disable-extensions", "--disable-background-networking", "--lang=en-GB",
                "--window-size=" + width + "," + height, "--force-device-scale-factor=1"));
        final LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        final ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new HeadlessChromium(new ChromeDriver(service, options));
    }

    public WebDriver driver() {
        return driver;
    }

    public Object script(final String script, final Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    /**
     * Waits until the condition holds (a non-null, non-false value), up to {@code timeout}. The pages redraw their
     * lists when events arrive, so an element found a moment ago may be gone: the condition is then tried again.
     */
    public <T> T await(final Duration timeout, final String what, final Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout, Duration.ofMillis(100)).withMessage(what)
                .ignoring(StaleElementReferenceException.class).until(condition);
    }

    /** What the page wrote to the console at SEVERE level (uncaught errors, failed loads) since the last call. */
    public List<String> errors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
    }

    /** Saves the page as {@code name}.png under target/console-screenshots and the directory -Dconsole.screenshots names. */
    public void screenshot(final String name) throws IOException {
        final byte[] png = driver.getScreenshotAs(OutputType.BYTES);
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name + ".png"), png);
        final String extra = System.getProperty("console.screenshots");
        if (extra != null && !extra.isBlank()) {
            final Path dir = Path.of(extra);
            Files.createDirectories(dir);
            Files.write(dir.resolve(name + ".png"), png);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
