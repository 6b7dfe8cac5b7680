package io.ticketd.api.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticketd.api.ServerFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static io.ticketd.api.console.ConsoleBrowser.cell;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Console sign-in and the users screen in a real browser (see {@link ConsoleBrowser}): an
 * Administrator signs in with email and password over plain http://127.0.0.1 (the Secure
 * session cookie is kept and sent), sees its own account only and is refused another's with
 * the server's message; sign-out and a session ended elsewhere bring back the sign-in screen;
 * wrong passwords and users outside the Administrator group are refused with the server's
 * message; and an admin makes a user an Administrator by editing its groups and password.
 */
class ConsoleSignInIT extends AbstractConsoleIT {
    private static final String PASSWORD = "correct horse battery staple";

    private String lovelace;
    private String babbage;
    private String adaId;

    @BeforeAll
    void createAccountsAndUsers() throws Exception {
        lovelace = s.createAccount("Lovelace Fuel");
        babbage = s.createAccount("Babbage Engines");
        s.createStore(lovelace, "lovelace-1");
        s.createStore(babbage, "babbage-1");
        adaId = createUser(lovelace, "Ada", "Lovelace", "ada@lovelace.example", "[\"Administrator\",\"Finance\"]",
                PASSWORD);
        createUser(lovelace, "Bob", "Cashier", "bob@lovelace.example", "[\"Cashiers\"]", PASSWORD);
    }

    @Test
    void shouldSignInAnAdministratorWhoSeesOnlyItsOwnAccount() throws Exception {
        assertThat(user(adaId).get("lastSignInDate").isNull()).isTrue();
        browser.open("");
        browser.submitPasswordSignIn("ada@lovelace.example", PASSWORD);
        browser.visible(By.id("view-accounts"));
        browser.wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#accounts-table tr[data-account-id]"), 1));
        assertThat(browser.driver.findElement(By.cssSelector("#accounts-table tr[data-account-id]"))
                .getDomAttribute("data-account-id")).isEqualTo(lovelace);
        assertThat(browser.driver.findElements(By.id("account-create-form"))).as("only the admin creates accounts")
                .isEmpty();
        assertThat(browser.text(By.id("identity"))).contains("ada@lovelace.example", "Administrator of Lovelace Fuel");
        assertThat(user(adaId).get("lastSignInDate").isNumber()).isTrue();

        Cookie cookie = browser.sessionCookie();
        assertThat(cookie).as("the Secure cookie is kept on http://127.0.0.1").isNotNull();
        assertThat(cookie.isSecure()).isTrue();
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Strict");
        browser.driver.navigate().refresh();
        browser.waitForText(By.cssSelector("#accounts-table [data-testid=account-name]"), "Lovelace Fuel");
        assertThat(browser.script("return document.cookie")).as("HttpOnly: out of the page's reach").isEqualTo("");

        browser.click(By.cssSelector("[data-testid=account-users]"));
        By lastSignIn = cell("users-table", "user-id", adaId, "user-last-signin");
        browser.waitForTextOtherThan(lastSignIn, "Never");
        assertThat(new Select(browser.driver.findElement(By.id("account-select"))).getOptions())
                .extracting(WebElement::getText).containsExactly("Lovelace Fuel");

        String outside = "this session administers account " + lovelace + " only";
        browser.open("#/accounts/" + babbage + "/stores");
        browser.waitForText(By.id("stores-error"), outside);
        browser.open("#/accounts/" + babbage + "/users");
        browser.waitForText(By.id("users-error"), outside);

        browser.signOut();
        assertThat(browser.text(By.id("signin-notice"))).isEqualTo("You are signed out.");
        assertThat(browser.sessionCookie()).isNull();
        browser.open("#/accounts");
        browser.visible(By.id("signin-email"));
    }

    @Test
    void shouldReturnToSignInWhenTheSessionEndsElsewhere() throws Exception {
        browser.signInWithAdminCredential();
        String token = browser.sessionCookie().getValue();
        HttpRequest signOut = HttpRequest.newBuilder(s.uri("/console/api/session")).DELETE()
                .header("Cookie", ConsoleBrowser.SESSION_COOKIE + "=" + token).header("X-Ticketd-Console", "1").build();
        assertThat(s.http.send(signOut, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

        browser.click(By.cssSelector("tr[data-account-id='" + lovelace + "'] [data-testid=account-keys]"));
        assertThat(browser.text(By.id("signin-notice"))).isEqualTo("Your session has ended. Sign in again.");
        browser.type(By.id("credential-input"), s.adminHeader);
        browser.click(By.id("credential-submit"));
        browser.visible(By.id("view-keys")); // back where the session ended
        assertThat(browser.text(By.cssSelector("[data-testid=breadcrumb-account]"))).contains("Lovelace Fuel");
    }

    @Test
    void shouldShowTheServersMessageWhenSignInIsRefused() throws Exception {
        browser.open("");
        browser.submitPasswordSignIn("ada@lovelace.example", "not the password");
        browser.waitForText(By.id("signin-error"), "the email address or password is wrong");
        assertThat(browser.sessionCookie()).isNull();

        String notAdministrator = signInMessage("bob@lovelace.example", PASSWORD, 403);
        browser.submitPasswordSignIn("bob@lovelace.example", PASSWORD);
        browser.waitForText(By.id("signin-error"), notAdministrator);
        assertThat(browser.sessionCookie()).isNull();
        assertThat(browser.driver.findElements(By.id("view-accounts"))).isEmpty();
        browser.screenshot("sign-in-refused");

        String storeCredential = s.storeCredential("lovelace-1");
        browser.type(By.id("credential-input"), storeCredential);
        browser.click(By.id("credential-submit"));
        browser.waitForText(By.id("credential-error"), credentialMessage(storeCredential, 403));
    }

    @Test
    void shouldMakeAUserAnAdministratorByEditingItsGroupsAndPassword() throws Exception {
        String account = s.createAccount("Contoso Fuel");
        createUser(account, "Grace", "Hopper", "grace@contoso.example", "[\"Administrator\"]", PASSWORD);
        createUser(account, "Linus", "Bauer", "linus@contoso.example", "[\"Cashiers\",\"Night shift\"]", null);
        createUser(account, "Mei", "Tanaka", "mei@contoso.example", null, null);
        String tooShort = s.post("/admin/v1/accounts/" + account + "/users", s.adminHeader,
                "{\"firstName\":\"T\",\"lastName\":\"S\",\"emailAddress\":\"short@contoso.example\",\"password\":\"short\"}")
                .ok(400).errorMessage();
        browser.signInWithAdminCredential();
        browser.open("#/accounts/" + account + "/users");

        browser.type(By.id("user-create-first"), "Katherine");
        browser.type(By.id("user-create-last"), "Johnson");
        browser.type(By.id("user-create-email"), "katherine@contoso.example");
        browser.type(By.id("user-create-groups"), "Night shift");
        browser.type(By.id("user-create-password"), "short");
        browser.click(By.id("user-create-submit"));
        browser.waitForText(By.id("user-create-error"), tooShort);
        browser.driver.findElement(By.id("user-create-password")).clear();
        browser.click(By.id("user-create-submit"));
        By katherine = By.cssSelector("#users-table tr[data-email='katherine@contoso.example']");
        String userId = browser.visible(katherine).getDomAttribute("data-user-id");
        assertThat(browser.text(userCell(userId, "user-groups"))).isEqualTo("Night shift");
        assertThat(browser.text(userCell(userId, "user-password"))).isEqualTo("Not set");
        assertThat(signInMessage("katherine@contoso.example", PASSWORD, 401)).isNotBlank();

        browser.click(userCell(userId, "user-edit"));
        browser.visible(By.id("user-dialog"));
        browser.click(By.id("user-edit-admin"));
        browser.type(By.id("user-edit-password"), PASSWORD);
        browser.screenshot("user-edit");
        browser.type(By.id("user-edit-password"), "short");
        browser.click(By.id("user-edit-save"));
        browser.waitForText(By.id("user-edit-error"), tooShort);
        assertThat(user(userId).get("userGroups")).extracting(JsonNode::asText).containsExactly("Night shift");
        browser.type(By.id("user-edit-password"), PASSWORD);
        browser.click(By.id("user-edit-save"));
        browser.gone(By.id("user-dialog"));
        browser.waitForText(userCell(userId, "user-password"), "Set");
        assertThat(browser.text(userCell(userId, "user-groups"))).contains("Administrator", "Night shift");
        JsonNode edited = user(userId);
        assertThat(edited.get("userGroups")).extracting(JsonNode::asText).containsExactly("Administrator", "Night shift");
        assertThat(edited.get("passwordSet").asBoolean()).isTrue();

        assertThat(signIn("katherine@contoso.example", PASSWORD).statusCode()).isEqualTo(200);
        browser.driver.navigate().refresh();
        browser.waitForTextOtherThan(userCell(userId, "user-last-signin"), "Never");
        browser.screenshot("users");

        String meiId = browser.visible(By.cssSelector("#users-table tr[data-email='mei@contoso.example']"))
                .getDomAttribute("data-user-id");
        browser.click(userCell(meiId, "user-delete"));
        assertThat(browser.text(By.id("confirm-message"))).contains("mei@contoso.example");
        browser.click(By.id("confirm-ok"));
        browser.gone(By.cssSelector("#users-table tr[data-user-id='" + meiId + "']"));
        s.get("/admin/v1/users/" + meiId, s.adminHeader).ok(404);
    }

    private String createUser(String account, String first, String last, String email, String groupsJson,
                              String password) throws Exception {
        return s.post("/admin/v1/accounts/" + account + "/users", s.adminHeader,
                "{\"firstName\":\"" + first + "\",\"lastName\":\"" + last + "\",\"emailAddress\":\"" + email + "\""
                        + (groupsJson == null ? "" : ",\"userGroups\":" + groupsJson)
                        + (password == null ? "" : ",\"password\":\"" + password + "\"") + "}")
                .ok(201).json().at("/content/userId").asText();
    }

    private JsonNode user(String userId) throws Exception {
        return s.get("/admin/v1/users/" + userId, s.adminHeader).ok(200).json().get("content");
    }

    private static By userCell(String userId, String testId) {
        return cell("users-table", "user-id", userId, testId);
    }

    /** Signs in from Java as the console does. */
    private HttpResponse<String> signIn(String email, String password) throws Exception {
        return postSession("{\"emailAddress\":\"" + email + "\",\"password\":\"" + password + "\"}");
    }

    /** The server's message when it refuses this email and password with the given status. */
    private String signInMessage(String email, String password, int status) throws Exception {
        return refusal(signIn(email, password), status);
    }

    private String credentialMessage(String credential, int status) throws Exception {
        return refusal(postSession("{\"credential\":\"" + credential + "\"}"), status);
    }

    private HttpResponse<String> postSession(String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(s.uri("/console/api/session")).timeout(ConsoleBrowser.WAIT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return s.http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String refusal(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        String message = ServerFixture.JSON.readTree(response.body()).at("/error/message").asText();
        assertThat(message).isNotBlank();
        return message;
    }
}
