package io.ticketd.api.console;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;

import static io.ticketd.api.console.ConsoleBrowser.cell;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's station monitoring screen in a real browser (see {@link ConsoleBrowser}): each
 * station's derived state, status, last push and last ticket, brought up to date by the screen
 * itself (no reload, no click) as stations push, and no refresh left scheduled once the screen
 * is left.
 */
class ConsoleMonitoringIT extends AbstractConsoleIT {
    /** The screen refreshes every 10 s: two refreshes and some slack. */
    private static final Duration REFRESH_WAIT = Duration.ofSeconds(30);
    /**
     * Counts the page's pending timers. Installed on the accounts screen and kept while the
     * console moves between screens, which changes only the URL's fragment, never the page.
     */
    private static final String COUNT_TIMERS = """
            const pending = new Set();
            const set = window.setTimeout.bind(window);
            const clear = window.clearTimeout.bind(window);
            window.setTimeout = (fn, ms, ...args) => {
              const id = set((...a) => { pending.delete(id); fn(...a); }, ms, ...args);
              pending.add(id);
              return id;
            };
            window.clearTimeout = (id) => { pending.delete(id); clear(id); };
            window.ticketdPendingTimers = () => pending.size;
            """;

    @Test
    void shouldShowEachStationsStateAndRefreshByItselfUntilLeft() throws Exception {
        String account = s.createAccount("Northwind Stations");
        String[] stations = {"northwind-01", "northwind-02", "northwind-03"};
        String[] credentials = new String[stations.length];
        for (int i = 0; i < stations.length; i++) {
            s.createStore(account, stations[i]);
            credentials[i] = s.storeCredential(stations[i]);
        }
        browser.signInWithAdminCredential();
        browser.script(COUNT_TIMERS);
        browser.click(By.cssSelector("tr[data-account-id='" + account + "'] [data-testid=account-monitoring]"));
        browser.waitForText(stationCell("northwind-01", "station-state"), "offline");
        assertThat(browser.text(stationCell("northwind-01", "station-last-push"))).isEqualTo("Never");
        assertThat(browser.text(stationCell("northwind-01", "station-last-ticket"))).isEqualTo("None");
        assertThat(browser.text(stationCell("northwind-01", "station-status"))).isEqualTo("No push yet");

        long now = System.currentTimeMillis() / 1000;
        s.post("/apip/stations/northwind-01/monitoring", credentials[0], "{\"status\":0,\"time\":" + now + "}").ok(200);
        s.post("/apip/tickets", credentials[0], ticket("NW-1")).ok(200);
        s.post("/apip/stations/northwind-02/monitoring", credentials[1], "{\"status\":2,\"time\":" + now + "}").ok(200);

        WebDriverWait refresh = new WebDriverWait(browser.driver, REFRESH_WAIT);
        refresh.ignoring(StaleElementReferenceException.class);
        refresh.until(d -> "online".equals(d.findElement(stationCell("northwind-01", "station-state")).getText())
                && "degraded".equals(d.findElement(stationCell("northwind-02", "station-state")).getText()));
        assertThat(browser.script("return typeof window.ticketdPendingTimers")).as("no page reload")
                .isEqualTo("function");
        assertThat(browser.text(stationCell("northwind-01", "station-status"))).isEqualTo("0 Cash register is online");
        assertThat(browser.text(stationCell("northwind-02", "station-status"))).startsWith("2 ");
        assertThat(browser.text(stationCell("northwind-03", "station-state"))).isEqualTo("offline");
        assertThat(browser.text(stationCell("northwind-01", "station-last-push"))).endsWith("ago");
        assertThat(browser.text(stationCell("northwind-01", "station-last-ticket"))).endsWith("ago");
        assertThat(browser.text(stationCell("northwind-02", "station-last-ticket"))).isEqualTo("None");
        assertThat(browser.text(stationCell("northwind-01", "station-pushes"))).isEqualTo("1");
        assertThat(browser.text(By.cssSelector("[data-testid=summary-online] .summary-count"))).isEqualTo("1");
        assertThat(browser.text(By.cssSelector("[data-testid=summary-offline] .summary-count"))).isEqualTo("1");
        browser.click(By.cssSelector("tr[data-station-id='northwind-02'] details summary"));
        browser.screenshot("monitoring");

        // Leave right after a refresh has finished, so that none is under way while leaving.
        String refreshes = browser.driver.findElement(By.id("monitoring-updated")).getDomAttribute("data-refreshes");
        browser.click(By.id("monitoring-refresh"));
        browser.wait.until(d -> !refreshes.equals(d.findElement(By.id("monitoring-updated"))
                .getDomAttribute("data-refreshes")) && Long.valueOf(1).equals(browser.script(
                "return window.ticketdPendingTimers()")));
        browser.click(By.id("nav-users"));
        browser.visible(By.id("view-users"));
        assertThat(browser.script("return window.ticketdPendingTimers()")).as("no refresh left once the screen is left")
                .isEqualTo(0L);
    }

    private static By stationCell(String stationId, String testId) {
        return cell("monitoring-table", "station-id", stationId, testId);
    }
}
