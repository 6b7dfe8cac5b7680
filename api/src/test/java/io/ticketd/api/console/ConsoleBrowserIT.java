package io.ticketd.api.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticketd.api.ServerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The admin console (/console/) in a real browser: headless Debian Chromium driven by its
 * chromedriver through Selenium, against a real server on 127.0.0.1. Every test signs in through
 * the console's own screens, acts there, and checks the effect from outside with the JDK HTTP
 * client (a generated key posts tickets, a revoked or disabled one is refused). Each screen is
 * saved to {@code target/screenshots/<name>.png}; any script error or CSP violation the browser
 * logs fails the test.
 *
 * <p>Skipped, with the install command, where {@code /usr/bin/chromium} or
 * {@code /usr/bin/chromedriver} is missing. Both paths are given to Selenium explicitly, so its
 * Selenium Manager never looks for or downloads a browser or driver.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String MISSING_BROWSER = "install Debian's chromium and chromium-driver"
            + " (apt-get install chromium chromium-driver) to run the console browser tests";
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** Selenium warns that it has no CDP bindings for this exact Chromium; nothing here uses CDP. */
    private static final Logger CDP_LOGGER = Logger.getLogger("org.openqa.selenium.devtools");

    private ServerFixture s;
    private ChromeDriverService service;
    private ChromeDriver driver;
    private WebDriverWait wait;
    private Path screenshots;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER), MISSING_BROWSER);
        CDP_LOGGER.setLevel(Level.SEVERE);
        screenshots = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "target", "screenshots");
        Files.createDirectories(screenshots);
        s = ServerFixture.start(Files.createDirectories(dir.resolve("data")));

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")),
                "--window-size=1400,1000");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, WAIT);
        wait.ignoring(StaleElementReferenceException.class); // tables are re-rendered after each change
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (driver != null) {
                driver.quit();
            }
            if (service != null) {
                service.stop();
            }
        } finally {
            if (s != null) {
                s.close();
            }
        }
    }

    /** Every test starts signed out, on a page of the server's origin with no cookies left. */
    @BeforeEach
    void signedOut() {
        driver.get(s.uri("/health").toString());
        driver.manage().deleteAllCookies();
        driver.manage().logs().get(LogType.BROWSER); // drop what earlier pages logged
    }

    /** A script error or a CSP refusal is a failure; a 4xx the console asked for and showed is not. */
    @AfterEach
    void browserLoggedNoErrors() {
        List<String> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(m -> !m.contains("Failed to load resource: the server responded with a status of 4"))
                .toList();
        assertThat(severe).as("errors in the browser console").isEmpty();
    }

    @Test
    void shouldGenerateAStoreKeyThatPostsTicketsAndRevokeIt() throws Exception {
        signInWithAdminCredential(true);

        type(By.id("account-create-name"), "Acme Fuel");
        click(By.id("account-create-submit"));
        By accountRow = By.xpath("//table[@id='accounts-table']//tr[.//a[@data-testid='account-name' and text()='Acme Fuel']]");
        String accountId = visible(accountRow).getDomAttribute("data-account-id");
        assertThat(accountId).startsWith("acct_");
        screenshot("accounts");

        click(By.cssSelector("tr[data-account-id='" + accountId + "'] [data-testid=account-stores]"));
        visible(By.id("view-stores"));
        type(By.id("store-create-id"), "ui-store-1");
        type(By.id("store-create-name"), "Main Street");
        click(By.id("store-create-submit"));
        wait.until(ExpectedConditions.textToBe(storeCell("ui-store-1", "store-status"), "Key Inactive"));

        click(storeCell("ui-store-1", "store-generate"));
        visible(By.id("confirm-dialog"));
        assertThat(text(By.id("confirm-title"))).isEqualTo("Generate a New API Key");
        click(By.id("confirm-ok"));
        String header = text(By.id("secret-header"));
        String keyId = text(By.id("secret-key-id"));
        String secret = text(By.id("secret-value"));
        assertThat(header).matches("X-API-Key AKI=ak_\\S+;AKS=sk_\\S+").isEqualTo("X-API-Key AKI=" + keyId + ";AKS=" + secret);
        screenshot("generated-key");
        click(By.id("secret-copy"));
        assertThat(visible(By.id("secret-copy-status")).getText()).isNotBlank();
        click(By.id("secret-done"));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("secret-dialog")));
        wait.until(ExpectedConditions.textToBe(storeCell("ui-store-1", "store-status"), "Key Active"));
        assertThat(text(storeCell("ui-store-1", "store-key-id"))).isEqualTo(keyId);
        screenshot("stores");

        var posted = s.post("/apip/tickets", header, ticket("UI-T-1"));
        assertThat(posted.status()).as(posted.body()).isIn(200, 201);

        click(storeCell("ui-store-1", "store-revoke"));
        visible(By.id("confirm-dialog"));
        assertThat(text(By.id("confirm-message"))).contains(keyId).contains("ui-store-1");
        screenshot("revoke-confirm");
        click(By.id("confirm-ok"));
        wait.until(ExpectedConditions.textToBe(storeCell("ui-store-1", "store-status"), "Key Inactive"));
        assertThat(s.post("/apip/tickets", header, ticket("UI-T-2")).status()).isEqualTo(401);
    }

    @Test
    void shouldCreateAScopedAccessKeyAndDisableIt() throws Exception {
        String account = s.createAccount("Pegasus Integrations");
        s.createStore(account, "ui-keys-1");
        s.createStore(account, "ui-keys-2");
        signInWithAdminCredential(false);
        open("#/accounts/" + account + "/keys");

        type(By.id("key-create-name"), "Pegasus Reports");
        click(By.id("scope-tickets-read"));
        new Select(visible(By.id("key-create-stores"))).selectByValue("ui-keys-1");
        click(By.id("key-create-submit"));
        String header = text(By.id("secret-header"));
        String keyId = text(By.id("secret-key-id"));
        assertThat(header).startsWith("X-API-Key AKI=" + keyId + ";AKS=sk_");
        screenshot("key-created");
        click(By.id("secret-done"));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("secret-dialog")));
        wait.until(ExpectedConditions.textToBe(keyCell(keyId, "key-status"), "Enabled"));
        assertThat(text(keyCell(keyId, "key-scopes"))).isEqualTo("tickets:read");
        assertThat(text(keyCell(keyId, "key-stores"))).isEqualTo("ui-keys-1");

        assertThat(s.get("/apip/tickets?startDate=0", header).status()).isEqualTo(200);
        var write = s.post("/apip/tickets", header, ticket("UI-K-1").replace("}", ",\"storeId\":\"ui-keys-1\"}"));
        assertThat(write.status()).as(write.body()).isEqualTo(403);

        driver.navigate().refresh(); // the session resumes from its cookie; the key now has a last use
        waitForTextOtherThan(keyCell(keyId, "key-last-used"), "Never", wait);
        screenshot("access-keys");

        click(keyCell(keyId, "key-disable"));
        wait.until(ExpectedConditions.textToBe(keyCell(keyId, "key-status"), "Disabled"));
        assertThat(s.get("/apip/tickets?startDate=0", header).status()).isEqualTo(401);
    }

    @Test
    void shouldSignInAnAccountAdministratorAndRefuseAUserOutsideTheGroup() throws Exception {
        String account = s.createAccount("Lovelace Fuel");
        s.createAccount("Someone Else");
        String password = "correct horse battery staple";
        String userId = s.post("/admin/v1/accounts/" + account + "/users", s.adminHeader,
                "{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"emailAddress\":\"ada@lovelace.example\","
                        + "\"userGroups\":[\"Administrator\",\"Custom Group 2\"],\"password\":\"" + password + "\"}")
                .ok(201).json().at("/content/userId").asText();
        s.post("/admin/v1/accounts/" + account + "/users", s.adminHeader,
                "{\"firstName\":\"Bob\",\"lastName\":\"Cashier\",\"emailAddress\":\"bob@lovelace.example\","
                        + "\"userGroups\":[\"Cashiers\"],\"password\":\"" + password + "\"}").ok(201);
        assertThat(s.get("/admin/v1/users/" + userId, s.adminHeader).ok(200).json().at("/content/lastSignInDate").isNull())
                .isTrue();

        open("");
        type(By.id("signin-email"), "ada@lovelace.example");
        type(By.id("signin-password"), password);
        click(By.id("signin-submit"));
        visible(By.id("view-accounts"));
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#accounts-table tr[data-account-id]"), 1));
        assertThat(driver.findElements(By.cssSelector("#accounts-table tr[data-account-id]")))
                .extracting(row -> row.getDomAttribute("data-account-id")).containsExactly(account);
        assertThat(driver.findElements(By.id("account-create-name"))).isEmpty();
        assertThat(text(By.id("identity"))).contains("ada@lovelace.example");
        JsonNode signedIn = s.get("/admin/v1/users/" + userId, s.adminHeader).ok(200).json().at("/content");
        assertThat(signedIn.get("lastSignInDate").isNumber()).isTrue();

        click(By.id("nav-users"));
        By lastSignIn = By.cssSelector("tr[data-user-id='" + userId + "'] [data-testid=user-last-signin]");
        wait.until(ExpectedConditions.visibilityOfElementLocated(lastSignIn));
        assertThat(text(lastSignIn)).isNotEqualTo("Never");
        screenshot("users");

        click(By.id("signout"));
        visible(By.id("signin-notice"));
        String refusal = signInFromJava("bob@lovelace.example", password);
        type(By.id("signin-email"), "bob@lovelace.example");
        type(By.id("signin-password"), password);
        click(By.id("signin-submit"));
        wait.until(ExpectedConditions.textToBe(By.id("signin-error"), refusal));
        assertThat(driver.findElements(By.id("view-accounts"))).isEmpty();
        screenshot("sign-in-refused");
    }

    @Test
    void shouldShowTheServersMessageWhenAnActionFails() throws Exception {
        String account = s.createAccount("Duplicates");
        s.createStore(account, "ui-dup-1");
        String conflict = s.post("/admin/v1/accounts/" + account + "/stores", s.adminHeader,
                "{\"storeId\":\"ui-dup-1\",\"name\":\"Again\"}").ok(409).errorMessage();
        signInWithAdminCredential(false);
        open("#/accounts/" + account + "/stores");

        type(By.id("store-create-id"), "ui-dup-1");
        click(By.id("store-create-submit"));
        wait.until(ExpectedConditions.textToBe(By.id("store-create-error"), conflict));
        screenshot("action-error");

        open("#/accounts/" + account + "/keys");
        type(By.id("key-create-name"), "no scopes");
        click(By.id("key-create-submit"));
        String noScopes = s.post("/admin/v1/accounts/" + account + "/keys", s.adminHeader, "{\"name\":\"no scopes\"}")
                .ok(400).errorMessage();
        wait.until(ExpectedConditions.textToBe(By.id("key-create-error"), noScopes));
    }

    @Test
    void shouldShowEachStationsStateAndRefreshItByItself() throws Exception {
        String account = s.createAccount("Northwind Stations");
        s.createStore(account, "ui-mon-1");
        s.createStore(account, "ui-mon-2");
        String first = s.storeCredential("ui-mon-1");
        String second = s.storeCredential("ui-mon-2");
        signInWithAdminCredential(false);
        open("#/accounts/" + account + "/monitoring");
        wait.until(ExpectedConditions.textToBe(stationCell("ui-mon-1", "station-state"), "offline"));
        assertThat(text(stationCell("ui-mon-1", "station-last-push"))).isEqualTo("Never");
        ((JavascriptExecutor) driver).executeScript("window.ticketdNotReloaded = true;");

        long now = System.currentTimeMillis() / 1000;
        s.post("/apip/stations/ui-mon-1/monitoring", first, "{\"status\":0,\"time\":" + now + "}").ok(200);
        assertThat(s.post("/apip/tickets", first, ticket("UI-M-1")).status()).isIn(200, 201);
        s.post("/apip/stations/ui-mon-2/monitoring", second, "{\"status\":2,\"time\":" + now + "}").ok(200);

        WebDriverWait refresh = new WebDriverWait(driver, Duration.ofSeconds(20)); // the screen refreshes every 5 s
        refresh.ignoring(StaleElementReferenceException.class);
        refresh.until(ExpectedConditions.textToBe(stationCell("ui-mon-1", "station-state"), "online"));
        refresh.until(ExpectedConditions.textToBe(stationCell("ui-mon-2", "station-state"), "degraded"));
        assertThat(((JavascriptExecutor) driver).executeScript("return window.ticketdNotReloaded === true;"))
                .as("updated without reloading the page").isEqualTo(true);
        waitForTextOtherThan(stationCell("ui-mon-1", "station-last-ticket"), "None", refresh);
        assertThat(text(stationCell("ui-mon-1", "station-status"))).contains("0");
        assertThat(text(stationCell("ui-mon-2", "station-status"))).contains("2");
        assertThat(text(stationCell("ui-mon-1", "station-last-push"))).isNotEqualTo("Never");
        screenshot("monitoring");
    }

    // --- steps ---

    /** Signs in on the console's sign-in screen with the admin credential as admin.credentials holds it. */
    private void signInWithAdminCredential(boolean screenshotTheForm) throws Exception {
        open("");
        visible(By.id("credential-input"));
        if (screenshotTheForm) {
            screenshot("sign-in");
        }
        type(By.id("credential-input"), s.adminHeader.replaceFirst("^X-API-Key ", ""));
        click(By.id("credential-submit"));
        visible(By.id("view-accounts"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("identity"), "Admin credential"));
    }

    /** The server's refusal message for a sign-in, asked from Java as the console asks it. */
    private String signInFromJava(String email, String password) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(s.uri("/console/api/session")).timeout(WAIT)
                .header("Content-Type", "application/json").header("X-Ticketd-Console", "1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"emailAddress\":\"" + email + "\",\"password\":\""
                        + password + "\"}"))
                .build();
        HttpResponse<String> response = s.http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        String message = ServerFixture.JSON.readTree(response.body()).at("/error/message").asText();
        assertThat(message).isNotBlank();
        return message;
    }

    private void open(String hash) {
        driver.get(s.uri("/console/" + hash).toString());
    }

    private static String ticket(String ticketId) {
        return "{\"ticketId\":\"" + ticketId + "\",\"startDate\":" + System.currentTimeMillis() * 1000
                + ",\"type\":\"SALE\",\"currency\":\"EUR\",\"total\":1250}";
    }

    private static By storeCell(String storeId, String testId) {
        return By.cssSelector("#stores-table tr[data-store-id='" + storeId + "'] [data-testid=" + testId + "]");
    }

    private static By keyCell(String keyId, String testId) {
        return By.cssSelector("#keys-table tr[data-key-id='" + keyId + "'] [data-testid=" + testId + "]");
    }

    private static By stationCell(String stationId, String testId) {
        return By.cssSelector("#monitoring-table tr[data-station-id='" + stationId + "'] [data-testid=" + testId + "]");
    }

    private WebElement visible(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** The text of a visible element, read again if the element was re-rendered meanwhile. */
    private String text(By by) {
        return wait.until(d -> {
            WebElement element = d.findElement(by);
            return element.isDisplayed() ? element.getText() : null;
        });
    }

    /** Waits until the element is there and its text is no longer the given one (nor empty). */
    private static void waitForTextOtherThan(By by, String before, WebDriverWait wait) {
        wait.until(d -> {
            String now = d.findElement(by).getText();
            return !now.isEmpty() && !now.equals(before);
        });
    }

    private void click(By by) {
        wait.until(ExpectedConditions.elementToBeClickable(by)).click();
    }

    private void type(By by, String value) {
        WebElement input = visible(by);
        input.clear();
        input.sendKeys(value);
    }

    private void screenshot(String name) throws Exception {
        Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, screenshots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        Files.delete(shot);
    }
}
