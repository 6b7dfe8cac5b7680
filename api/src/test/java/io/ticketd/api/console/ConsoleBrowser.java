package io.ticketd.api.console;

import io.ticketd.api.ServerFixture;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin console and the API docs page in a real browser, for their integration tests: Debian's
 * headless Chromium driven by its chromedriver through Selenium, pointed at a {@link ServerFixture}.
 * Offers the steps the tests share (sign in, click, type, read a table cell), explicit waits
 * only, and screenshots into {@code target/screenshots/<name>.png}.
 *
 * <p>Both the browser and the driver are given to Selenium by path, so Selenium Manager never
 * looks for, or downloads, either; {@link #installed} says whether both are there.
 *
 * <p>Not thread-safe: one browser for one test class, used by one test at a time.
 */
final class ConsoleBrowser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final String INSTALL = "the browser tests need Debian's Chromium and its driver at "
            + CHROMIUM + " and " + CHROMEDRIVER + "; install them with: sudo apt-get install -y chromium chromium-driver";
    static final Duration WAIT = Duration.ofSeconds(15);
    static final String SESSION_COOKIE = "ticketd_session";
    /**
     * A host name the browser resolves to 127.0.0.1, to open a page as a user does under a real
     * name: pages (Swagger UI's among them) treat {@code localhost} and {@code 127.0.0.1} specially.
     */
    static final String SERVER_NAME = "ticketd.test";
    /** Selenium warns that it has no CDP bindings for this exact Chromium; nothing here uses them. */
    private static final Logger CDP_LOGGER = Logger.getLogger("org.openqa.selenium.devtools");
    private static final Dimension WINDOW = new Dimension(1440, 1050);

    final ServerFixture server;
    final ChromeDriver driver;
    final WebDriverWait wait;
    private final ChromeDriverService service;
    private final Path screenshots;

    private ConsoleBrowser(ServerFixture server, ChromeDriverService service, ChromeDriver driver, Path screenshots) {
        this.server = server;
        this.service = service;
        this.driver = driver;
        this.screenshots = screenshots;
        this.wait = new WebDriverWait(driver, WAIT);
        wait.ignoring(StaleElementReferenceException.class); // tables are re-rendered after each change
    }

    static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** Starts headless Chromium with a fresh profile under dir. */
    static ConsoleBrowser open(ServerFixture server, Path dir) throws IOException {
        CDP_LOGGER.setLevel(Level.SEVERE);
        Path screenshots = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "target",
                "screenshots");
        Files.createDirectories(screenshots);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--host-resolver-rules=MAP " + SERVER_NAME + " 127.0.0.1", "--lang=en-US",
                "--force-device-scale-factor=1",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver;
        try {
            driver = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            service.stop();
            throw e;
        }
        driver.manage().window().setSize(WINDOW);
        return new ConsoleBrowser(server, service, driver, screenshots);
    }

    /** Leaves the console signed out: a page of the server's origin, no cookies, the browser log emptied. */
    void signedOut() {
        driver.get(server.uri("/health").toString());
        driver.manage().deleteAllCookies();
        driver.manage().logs().get(LogType.BROWSER);
    }

    /** Fails on any script error or CSP refusal the browser logged; a 4xx the console asked for and showed is not one. */
    void assertNoBrowserErrors() {
        List<String> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(m -> !m.contains("Failed to load resource: the server responded with a status of 4"))
                .toList();
        assertThat(severe).as("errors in the browser console").isEmpty();
    }

    /** Opens the console at a route, e.g. {@code "#/accounts"} (a full page load). */
    void open(String hash) {
        driver.get(server.uri("/console/" + hash).toString());
    }

    /** The origin of the server's pages under {@link #SERVER_NAME}, e.g. {@code http://ticketd.test:8080}. */
    String namedOrigin() {
        return "http://" + SERVER_NAME + ":" + server.port();
    }

    /** Every file the current page loaded, as the browser's resource timing lists them, in load order. */
    List<LoadedResource> loadedResources() {
        @SuppressWarnings("unchecked")
        List<List<Object>> entries = (List<List<Object>>) script("return performance.getEntriesByType('resource')"
                + ".map(e => [e.name, e.initiatorType, e.responseStatus])");
        return entries.stream()
                .map(e -> new LoadedResource((String) e.get(0), (String) e.get(1), ((Number) e.get(2)).intValue()))
                .toList();
    }

    /** A file a page loaded: its URL, what asked for it ({@code script}, {@code fetch}, …) and the HTTP status (0: failed). */
    record LoadedResource(String url, String initiator, int status) {
    }

    /** Signs in on the sign-in screen with the admin credential, as admin.credentials holds it. */
    void signInWithAdminCredential() {
        open("");
        type(By.id("credential-input"), server.adminHeader.replaceFirst("^X-API-Key ", ""));
        click(By.id("credential-submit"));
        visible(By.id("view-accounts"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("identity"), "Admin credential"));
    }

    /** Fills in and sends the email-and-password form (the caller checks the outcome). */
    void submitPasswordSignIn(String email, String password) {
        type(By.id("signin-email"), email);
        type(By.id("signin-password"), password);
        click(By.id("signin-submit"));
    }

    void signOut() {
        click(By.id("signout"));
        visible(By.id("view-signin"));
    }

    Cookie sessionCookie() {
        return driver.manage().getCookieNamed(SESSION_COOKIE);
    }

    Object script(String javascript) {
        return ((JavascriptExecutor) driver).executeScript(javascript);
    }

    /** A cell of a table row: the element with data-testid inside the row whose data-{rowAttribute} is rowId. */
    static By cell(String table, String rowAttribute, String rowId, String testId) {
        return By.cssSelector("#" + table + " tr[data-" + rowAttribute + "='" + rowId + "'] [data-testid=" + testId + "]");
    }

    WebElement visible(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    void gone(By by) {
        wait.until(ExpectedConditions.invisibilityOfElementLocated(by));
    }

    /** The text of a visible element, read again if the element was re-rendered meanwhile. */
    String text(By by) {
        return wait.until(d -> {
            WebElement element = d.findElement(by);
            return element.isDisplayed() ? element.getText() : null;
        });
    }

    void waitForText(By by, String expected) {
        wait.until(ExpectedConditions.textToBe(by, expected));
    }

    /** Waits until the element is there and its text is neither the given one nor empty. */
    void waitForTextOtherThan(By by, String before) {
        wait.until(d -> {
            String now = d.findElement(by).getText();
            return !now.isEmpty() && !now.equals(before);
        });
    }

    void click(By by) {
        wait.until(ExpectedConditions.elementToBeClickable(by)).click();
    }

    void type(By by, String value) {
        WebElement input = visible(by);
        input.clear();
        input.sendKeys(value);
    }

    /** Saves what the browser shows to target/screenshots/{name}.png. */
    void screenshot(String name) throws IOException {
        Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, screenshots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        Files.delete(shot);
    }

    /**
     * Saves a screenshot as {@link #screenshot} does, of a window made the given height for it, scrolled
     * so that the element is at the top; the window gets its usual size back afterwards.
     */
    void screenshotFrom(String name, By top, int height) throws IOException {
        driver.manage().window().setSize(new Dimension(WINDOW.width, height));
        try {
            driver.executeScript("arguments[0].scrollIntoView({block: 'start'})", visible(top));
            screenshot(name);
        } finally {
            driver.manage().window().setSize(WINDOW);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
