package io.meshwatch.it;

import jakarta.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless chromium driven through its own chromedriver (never one that
 * Selenium Manager would download), with the DevTools network log recorded so a
 * test can list every request the page made.
 */
final class Browser implements AutoCloseable {

    static final String CHROMIUM = System.getProperty("meshwatch.it.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("meshwatch.it.chromedriver", "/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    final ChromeDriver driver;
    private final Path profile;
    private final List<JsonObject> network = new ArrayList<>();

    Browser() {
        try {
            profile = Files.createTempDirectory(Path.of("target"), "chromium-profile-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,860", "--user-data-dir=" + profile.toAbsolutePath());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).build();
        driver = new ChromeDriver(service, options);
    }

    void open(String url) {
        driver.get(url);
    }

    /** Runs before any script of every page this browser loads. */
    void onEveryPage(String script) {
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", script));
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    Object js(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    Object asyncJs(String script, Object... args) {
        return driver.executeAsyncScript(script, args);
    }

    /** Waits for the condition; rows the page re-rendered meanwhile are looked up again. */
    <T> T await(Duration timeout, String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout).withMessage(() -> what + "; the page shows: " + state())
                .ignoring(StaleElementReferenceException.class).until(condition);
    }

    /** What a failed wait reports: the connection, the terminal's last line and its end marker. */
    private String state() {
        try {
            return String.valueOf(driver.executeScript("""
                    const text = css => document.querySelector(css)?.textContent;
                    return {connection: text('#connection'), lastSeq: document.querySelector('.terminal')?.dataset.lastSeq,
                      end: text('.log-end'), notice: text('.notice'), url: location.href};"""));
        } catch (RuntimeException e) {
            return "(unreadable: " + e + ")";
        }
    }

    <T> T await(String what, Function<WebDriver, T> condition) {
        return await(Duration.ofSeconds(60), what, condition);
    }

    /** Saves a screenshot as a build artifact under target/screenshots. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path target = SCREENSHOTS.resolve(name + ".png");
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every DevTools Network event so far ({method, params}), in order. */
    List<JsonObject> networkEvents() {
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
            JsonObject message = Api.object(entry.getMessage()).getJsonObject("message");
            if (message.getString("method").startsWith("Network.")) {
                network.add(message);
            }
        }
        return List.copyOf(network);
    }

    /** "GET http://..." for each HTTP request the page sent (not the WebSocket). */
    List<String> httpRequests() {
        return networkEvents().stream().filter(e -> e.getString("method").equals("Network.requestWillBeSent"))
                .map(e -> e.getJsonObject("params").getJsonObject("request"))
                .map(r -> r.getString("method") + " " + r.getString("url")).toList();
    }

    /** The URLs of the WebSockets the page opened. */
    List<String> webSockets() {
        return networkEvents().stream().filter(e -> e.getString("method").equals("Network.webSocketCreated"))
                .map(e -> e.getJsonObject("params").getString("url")).toList();
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover profile under target/ does no harm.
        }
    }
}
