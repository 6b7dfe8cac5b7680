package io.ticketd.api.console;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import static io.ticketd.api.console.ConsoleBrowser.cell;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's accounts and stores screens in a real browser (see {@link ConsoleBrowser}):
 * sign in with the admin credential, create an account and a store, "Generate a New API Key"
 * through its confirm step, post a ticket over HTTP with the secret the dialog showed once,
 * generate again (the old key stops), "Revoke" through its confirm step and see the post
 * refused; and a refused action shows the server's own message.
 */
class ConsoleStoreKeysIT extends AbstractConsoleIT {
    @Test
    void shouldGenerateAStoreKeyWhoseSecretPostsTicketsUntilItIsRevoked() throws Exception {
        s.createAccount("Northwind Fuel");
        s.createAccount("Harbor Grocers");
        browser.open("");
        browser.visible(By.id("credential-input"));
        browser.screenshot("sign-in");
        browser.signInWithAdminCredential();

        browser.type(By.id("account-create-name"), "Acme Fuel");
        browser.click(By.id("account-create-submit"));
        By acme = By.xpath("//table[@id='accounts-table']//tr[.//a[@data-testid='account-name' and text()='Acme Fuel']]");
        String accountId = browser.visible(acme).getDomAttribute("data-account-id");
        assertThat(accountId).startsWith("acct_");
        assertThat(s.get("/admin/v1/accounts/" + accountId, s.adminHeader).ok(200).json().at("/content/name").asText())
                .isEqualTo("Acme Fuel");
        browser.screenshot("accounts");

        browser.click(By.cssSelector("tr[data-account-id='" + accountId + "'] [data-testid=account-stores]"));
        browser.visible(By.id("view-stores"));
        createStore("acme-main", "Main Street");
        createStore("acme-harbor", "Harbor Road");
        browser.waitForText(storeCell("acme-main", "store-status"), "Key Inactive");
        assertThat(browser.driver.findElement(storeCell("acme-main", "store-revoke")).isEnabled()).isFalse();

        Credential first = generateKey("acme-main", "shown once");
        browser.screenshot("store-key-secret");
        browser.click(By.id("secret-copy"));
        assertThat(browser.visible(By.id("secret-copy-status")).getText()).isNotBlank();
        closeSecret();
        browser.waitForText(storeCell("acme-main", "store-status"), "Key Active");
        assertThat(browser.text(storeCell("acme-main", "store-key-id"))).isEqualTo(first.keyId());
        assertThat(browser.driver.findElements(By.xpath("//*[contains(text(), '" + first.secret() + "')]")))
                .as("the secret leaves the page with its dialog").isEmpty();
        browser.screenshot("stores");
        s.post("/apip/tickets", first.header(), ticket("ACME-T-1")).ok(200);

        Credential second = generateKey("acme-main", "replaces the current key " + first.keyId());
        closeSecret();
        browser.waitForText(storeCell("acme-main", "store-key-id"), second.keyId());
        assertThat(s.post("/apip/tickets", first.header(), ticket("ACME-T-2")).status()).isEqualTo(401);
        s.post("/apip/tickets", second.header(), ticket("ACME-T-3")).ok(200);

        browser.click(storeCell("acme-main", "store-revoke"));
        browser.visible(By.id("confirm-dialog"));
        assertThat(browser.text(By.id("confirm-title"))).isEqualTo("Revoke API credentials");
        assertThat(browser.text(By.id("confirm-ok"))).isEqualTo("Ok");
        assertThat(browser.text(By.id("confirm-message"))).contains(second.keyId(), "acme-main");
        browser.screenshot("store-revoke-confirm");
        browser.click(By.id("confirm-ok"));
        browser.waitForText(storeCell("acme-main", "store-status"), "Key Inactive");
        assertThat(s.post("/apip/tickets", second.header(), ticket("ACME-T-4")).status()).isEqualTo(401);
        assertThat(credentialStatus("acme-main")).isEqualTo("Key Inactive");
    }

    @Test
    void shouldKeepTheKeyWhenTheConfirmStepIsCancelled() throws Exception {
        String account = s.createAccount("Cancel Fuel");
        s.createStore(account, "cancel-1");
        browser.signInWithAdminCredential();
        browser.open("#/accounts/" + account + "/stores");

        browser.click(storeCell("cancel-1", "store-generate"));
        browser.visible(By.id("confirm-dialog"));
        browser.click(By.id("confirm-cancel"));
        browser.gone(By.id("confirm-dialog"));
        assertThat(browser.text(storeCell("cancel-1", "store-status"))).isEqualTo("Key Inactive");
        assertThat(credentialStatus("cancel-1")).isEqualTo("Key Inactive");
    }

    @Test
    void shouldShowTheServersMessageWhenAStoreActionFails() throws Exception {
        String account = s.createAccount("Duplicate Fuel");
        s.createStore(account, "dup-1");
        String conflict = s.post("/admin/v1/accounts/" + account + "/stores", s.adminHeader,
                "{\"storeId\":\"dup-1\",\"name\":\"Again\"}").ok(409).errorMessage();
        String badId = s.post("/admin/v1/accounts/" + account + "/stores", s.adminHeader,
                "{\"storeId\":\"no spaces\"}").ok(400).errorMessage();
        browser.signInWithAdminCredential();
        browser.open("#/accounts/" + account + "/stores");

        browser.type(By.id("store-create-id"), "dup-1");
        browser.click(By.id("store-create-submit"));
        browser.waitForText(By.id("store-create-error"), conflict);
        browser.screenshot("action-error");

        browser.type(By.id("store-create-id"), "no spaces");
        browser.click(By.id("store-create-submit"));
        browser.waitForText(By.id("store-create-error"), badId);

        browser.type(By.id("store-create-id"), "dup-2");
        browser.click(By.id("store-create-submit"));
        browser.waitForText(storeCell("dup-2", "store-status"), "Key Inactive");
        assertThat(browser.driver.findElement(By.id("store-create-error")).isDisplayed()).isFalse();

        browser.open("#/accounts/acct_doesnotexist/stores");
        String missing = s.get("/admin/v1/accounts/acct_doesnotexist/stores", s.adminHeader).ok(404).errorMessage();
        browser.waitForText(By.id("stores-error"), missing);
    }

    private void createStore(String storeId, String name) {
        browser.type(By.id("store-create-id"), storeId);
        browser.type(By.id("store-create-name"), name);
        browser.click(By.id("store-create-submit"));
        browser.visible(storeCell(storeId, "store-status"));
    }

    /** Generate a New API Key, Ok in its confirm step (which warns as given); returns what the one-time dialog shows. */
    private Credential generateKey(String storeId, String warning) {
        browser.click(storeCell(storeId, "store-generate"));
        browser.visible(By.id("confirm-dialog"));
        assertThat(browser.text(By.id("confirm-title"))).isEqualTo("Generate a New API Key");
        assertThat(browser.text(By.id("confirm-warning"))).contains(warning);
        browser.click(By.id("confirm-ok"));
        browser.visible(By.id("secret-dialog"));
        String keyId = browser.text(By.id("secret-key-id"));
        String secret = browser.text(By.id("secret-value"));
        String header = browser.text(By.id("secret-header"));
        assertThat(header).isEqualTo("X-API-Key AKI=" + keyId + ";AKS=" + secret);
        assertThat(keyId).startsWith("ak_");
        assertThat(secret).startsWith("sk_");
        return new Credential(keyId, secret, header);
    }

    /** The store's API status as the admin API reports it. */
    private String credentialStatus(String storeId) throws Exception {
        return s.get("/admin/v1/stores/" + storeId + "/credentials", s.adminHeader).ok(200).json()
                .at("/content/status").asText();
    }

    private void closeSecret() {
        browser.click(By.id("secret-done"));
        browser.gone(By.id("secret-dialog"));
    }

    private static By storeCell(String storeId, String testId) {
        return cell("stores-table", "store-id", storeId, testId);
    }

    private record Credential(String keyId, String secret, String header) {
    }
}
