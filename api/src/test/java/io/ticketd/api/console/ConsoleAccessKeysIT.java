package io.ticketd.api.console;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import static io.ticketd.api.console.ConsoleBrowser.cell;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's access keys screen in a real browser (see {@link ConsoleBrowser}): a key created
 * with scope checkboxes and a store limit shows its secret once, and over HTTP it can do exactly
 * what its scopes and stores allow; disable, enable and delete take effect at once; a refused
 * action shows the server's own message.
 */
class ConsoleAccessKeysIT extends AbstractConsoleIT {
    @Test
    void shouldCreateAScopedKeyWhoseScopesAndStoresAreEnforced() throws Exception {
        String account = s.createAccount("Pegasus Integrations");
        s.createStore(account, "pegasus-1");
        s.createStore(account, "pegasus-2");
        s.post("/admin/v1/accounts/" + account + "/keys", s.adminHeader,
                "{\"name\":\"Nightly export\",\"scopes\":[\"tickets:read\",\"users:read\"]}").ok(201);
        browser.signInWithAdminCredential();
        browser.open("#/accounts/" + account + "/keys");

        browser.type(By.id("key-create-name"), "Pegasus Reports");
        browser.click(scope("tickets:read"));
        browser.click(scope("tickets:write"));
        browser.click(By.cssSelector("#key-create-stores input[value='pegasus-1']"));
        browser.click(By.id("key-create-submit"));
        browser.visible(By.id("secret-dialog"));
        String keyId = browser.text(By.id("secret-key-id"));
        String header = browser.text(By.id("secret-header"));
        assertThat(header).startsWith("X-API-Key AKI=" + keyId + ";AKS=sk_");
        browser.screenshot("access-key-secret");
        browser.click(By.id("secret-done"));
        browser.gone(By.id("secret-dialog"));
        browser.waitForText(keyCell(keyId, "key-status"), "Enabled");
        assertThat(browser.text(keyCell(keyId, "key-scopes"))).contains("tickets:read", "tickets:write")
                .doesNotContain("users:read", "monitoring");
        assertThat(browser.text(keyCell(keyId, "key-stores"))).isEqualTo("pegasus-1");
        assertThat(browser.driver.findElement(scope("tickets:read")).isSelected())
                .as("the form is emptied for the next key").isFalse();

        s.post("/apip/tickets", header, storeTicket("PEG-1", "pegasus-1")).ok(200);
        assertThat(s.post("/apip/tickets", header, storeTicket("PEG-2", "pegasus-2")).status()).isEqualTo(403);
        assertThat(s.get("/apip/tickets?startDate=0&storeId=pegasus-1", header).ok(200).json()
                .at("/content/resultCount").asInt()).isEqualTo(1);
        assertThat(s.get("/apip/tickets?startDate=0&storeId=pegasus-2", header).status()).isEqualTo(403);
        assertThat(s.get("/apip/users", header).status()).isEqualTo(403);
        assertThat(s.get("/apip/monitoring", header).status()).isEqualTo(403);

        browser.driver.navigate().refresh(); // the session resumes from its cookie; the key now has a last use
        browser.waitForTextOtherThan(keyCell(keyId, "key-last-used"), "Never");
        browser.screenshot("access-keys");

        browser.click(keyCell(keyId, "key-disable"));
        browser.waitForText(keyCell(keyId, "key-status"), "Disabled");
        assertThat(s.get("/apip/tickets?startDate=0&storeId=pegasus-1", header).status()).isEqualTo(401);
        browser.click(keyCell(keyId, "key-enable"));
        browser.waitForText(keyCell(keyId, "key-status"), "Enabled");
        s.get("/apip/tickets?startDate=0&storeId=pegasus-1", header).ok(200);

        browser.click(keyCell(keyId, "key-delete"));
        browser.visible(By.id("confirm-dialog"));
        assertThat(browser.text(By.id("confirm-message"))).contains("Pegasus Reports", keyId);
        browser.click(By.id("confirm-ok"));
        browser.gone(By.cssSelector("#keys-table tr[data-key-id='" + keyId + "']"));
        assertThat(s.get("/apip/tickets?startDate=0&storeId=pegasus-1", header).status()).isEqualTo(401);
        s.get("/admin/v1/keys/" + keyId, s.adminHeader).ok(404);
    }

    @Test
    void shouldShowTheServersMessageWhenAKeyActionFails() throws Exception {
        String account = s.createAccount("Refusals");
        String keyId = s.post("/admin/v1/accounts/" + account + "/keys", s.adminHeader,
                "{\"name\":\"Short-lived\",\"scopes\":[\"users:read\"]}").ok(201).json().at("/content/keyId").asText();
        String noScopes = s.post("/admin/v1/accounts/" + account + "/keys", s.adminHeader,
                "{\"name\":\"No scopes\",\"scopes\":[]}").ok(400).errorMessage();
        browser.signInWithAdminCredential();
        browser.open("#/accounts/" + account + "/keys");

        browser.type(By.id("key-create-name"), "No scopes");
        browser.click(By.id("key-create-submit"));
        browser.waitForText(By.id("key-create-error"), noScopes);
        assertThat(browser.driver.findElements(By.id("secret-dialog")).get(0).isDisplayed()).isFalse();

        browser.visible(keyCell(keyId, "key-disable"));
        s.send("DELETE", "/admin/v1/keys/" + keyId, s.adminHeader, null, null).ok(200);
        String gone = s.post("/admin/v1/keys/" + keyId + "/disable", s.adminHeader, null).ok(404).errorMessage();
        browser.click(keyCell(keyId, "key-disable"));
        browser.waitForText(By.id("keys-action-error"), gone);

        browser.click(keyCell(keyId, "key-delete"));
        browser.click(By.id("confirm-ok"));
        String alreadyGone = s.send("DELETE", "/admin/v1/keys/" + keyId, s.adminHeader, null, null).ok(404)
                .errorMessage();
        browser.waitForText(By.id("confirm-error"), alreadyGone);
        browser.click(By.id("confirm-cancel"));
        browser.gone(By.id("confirm-dialog"));
    }

    private static String storeTicket(String ticketId, String storeId) {
        return ticket(ticketId).replace("}", ",\"storeId\":\"" + storeId + "\"}");
    }

    private static By scope(String scope) {
        return By.cssSelector("#key-create-scopes input[value='" + scope + "']");
    }

    private static By keyCell(String keyId, String testId) {
        return cell("keys-table", "key-id", keyId, testId);
    }
}
