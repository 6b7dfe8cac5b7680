package io.ticketd.api.console;

import io.ticketd.api.ServerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What every console browser test class shares: one server and one headless browser for the
 * class, each test starting signed out, and each failing if the browser logged a script error
 * or a CSP refusal. Where the browser is not installed, every test is skipped with a message
 * that says how to install it (an assumption per test, so that the reports show the reason).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractConsoleIT {
    protected ServerFixture s;
    protected ConsoleBrowser browser;

    @BeforeAll
    void startServerAndBrowser(@TempDir Path dir) throws Exception {
        s = ServerFixture.start(Files.createDirectories(dir.resolve("data")));
        if (ConsoleBrowser.installed()) {
            browser = ConsoleBrowser.open(s, dir);
        }
    }

    @AfterAll
    void stopServerAndBrowser() throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (s != null) {
                s.close();
            }
        }
    }

    @BeforeEach
    void signedOut() {
        assumeTrue(browser != null, ConsoleBrowser.INSTALL);
        browser.signedOut();
    }

    @AfterEach
    void noBrowserErrors() {
        if (browser != null) {
            browser.assertNoBrowserErrors();
        }
    }

    /** A ticket for a store credential (which fills in its own storeId). */
    static String ticket(String ticketId) {
        return "{\"ticketId\":\"" + ticketId + "\",\"startDate\":" + System.currentTimeMillis() * 1000
                + ",\"type\":\"SALE\",\"currency\":\"EUR\",\"total\":1250}";
    }
}
