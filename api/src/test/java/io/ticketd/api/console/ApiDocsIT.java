package io.ticketd.api.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ticketd.api.ServerFixture;
import io.ticketd.api.console.ConsoleBrowser.LoadedResource;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The interactive API docs at {@code /docs/} in a real browser (see {@link ConsoleBrowser}), opened
 * under a host name as a user opens it: Swagger UI renders every operation of the server's own
 * document from the server's own files; "Try it out" without credentials shows the 401; "Authorize"
 * with a store credential pasted as {@code AKI=…;AKS=…} (or as the whole header value) makes the
 * page send {@code Authentication: X-API-Key AKI=…;AKS=…}, and the live response shows the store's
 * tickets; a replaced key shows 401 again.
 */
class ApiDocsIT extends AbstractConsoleIT {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String SCHEME = "X-API-Key ";
    private static final By DIALOG = By.cssSelector(".dialog-ux");
    /** The X-API-Key form of the Authorize dialog (the dialog holds one form for each security scheme). */
    private static final String API_KEY_FORM =
            "//div[contains(@class, 'auth-container')][.//h4/code[text()='X-API-Key']]";

    @Test
    void shouldPageTheStoresTicketsFromTheDocsPageOnceAuthorizedWithItsCredential() throws Exception {
        String account = s.createAccount("Docs Fuel");
        s.createStore(account, "docs-main");
        String header = s.storeCredential("docs-main");
        s.post("/apip/tickets", header, ticket("DOCS-T-1")).ok(200);
        s.post("/apip/tickets", header, ticket("DOCS-T-2")).ok(200);
        openDocs();

        Operation page = new Operation("tickets", "ticketsPage");
        page.tryItOut();
        page.fill("startDate", "0");
        page.fill("maxPageSize", "10");
        LiveResponse refused = page.execute();
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().at("/error/code").asText()).isEqualTo("unauthenticated");
        assertThat(refused.curl()).doesNotContainIgnoringCase("Authentication");

        authorize(header.substring(SCHEME.length()));
        LiveResponse tickets = page.execute();
        assertThat(tickets.status()).as(tickets.body()).isEqualTo(200);
        assertThat(tickets.requestUrl()).isEqualTo(browser.namedOrigin() + "/apip/tickets?startDate=0&maxPageSize=10");
        assertThat(tickets.curl()).contains("Authentication: " + header).doesNotContain(SCHEME + SCHEME);
        JsonNode results = tickets.json().at("/content/results");
        assertThat(results.findValuesAsText("ticketId")).containsExactly("DOCS-T-1", "DOCS-T-2");
        assertThat(results.findValuesAsText("storeId")).containsOnly("docs-main");
        assertThat(tickets.json().at("/content/resultCount").asInt()).isEqualTo(2);
        assertOnlyOwnFilesLoaded();
        browser.screenshotFrom("api-docs", page.part(".opblock-summary"), 1900);
    }

    @Test
    void shouldSendAPastedWholeHeaderOnceAndShowAReplacedKeyAs401() throws Exception {
        String account = s.createAccount("Docs Grocers");
        s.createStore(account, "docs-grocer");
        String replaced = s.storeCredential("docs-grocer");
        String current = s.storeCredential("docs-grocer");
        openDocs();

        authorize(current);
        Operation cpos = new Operation("tickets", "cpos");
        cpos.tryItOut();
        LiveResponse endpoint = cpos.execute();
        assertThat(endpoint.status()).as(endpoint.body()).isEqualTo(200);
        assertThat(endpoint.curl()).contains("Authentication: " + current).doesNotContain(SCHEME + SCHEME);
        assertThat(endpoint.json().at("/content/posTicketsEndpoint").asText()).endsWith("/cpos/" + account + "/apip/tickets");

        logout();
        authorize(replaced.substring(SCHEME.length()));
        LiveResponse wrong = cpos.execute();
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.curl()).contains("Authentication: " + replaced);
        assertThat(wrong.json().at("/error/message").asText()).isEqualTo("invalid credentials");
        assertOnlyOwnFilesLoaded();
    }

    /**
     * Opens the docs page and waits until Swagger UI has rendered the document: its title and every
     * operation the served document declares; every file the page loaded came from the server and
     * was answered 200 (no CDN, no third-party validator badge).
     */
    private void openDocs() throws Exception {
        browser.driver.get(browser.namedOrigin() + "/docs/");
        browser.wait.until(ExpectedConditions.textMatches(By.cssSelector(".information-container .title"),
                Pattern.compile("^ticketd\\b.*", Pattern.DOTALL)));
        assertThat(browser.driver.getTitle()).isEqualTo("ticketd API");
        Set<String> declared = declaredOperationBlocks();
        browser.wait.until(d -> d.findElements(By.cssSelector(".opblock[id^='operations-']")).size() >= declared.size());
        assertThat(renderedOperationBlocks()).as("operations the page shows").isEqualTo(declared);
        List<LoadedResource> loaded = browser.loadedResources();
        assertThat(loaded).extracting(LoadedResource::url).contains(
                browser.namedOrigin() + "/docs/swagger-ui-bundle.js",
                browser.namedOrigin() + "/docs/swagger-initializer.js",
                browser.namedOrigin() + "/openapi.yaml");
        assertOnlyOwnFilesLoaded();
    }

    /**
     * Every file the page refers to (scripts, styles, icons, images) and every request it made went to
     * the server, and the page's own files (under /docs/, and the document) were answered 200.
     */
    private void assertOnlyOwnFilesLoaded() {
        String origin = browser.namedOrigin() + "/";
        @SuppressWarnings("unchecked")
        List<String> referenced = (List<String>) browser.script("return Array.from(document.querySelectorAll("
                + "'script[src], link[href], img[src], iframe[src], source[src]')).map(e => e.src || e.href)");
        assertThat(referenced).as("files the docs page refers to").isNotEmpty().allMatch(url -> url.startsWith(origin));
        for (LoadedResource resource : browser.loadedResources()) {
            assertThat(resource.url()).as("a request of the docs page").startsWith(origin);
            String path = URI.create(resource.url()).getPath();
            if (path.startsWith("/docs/") || path.equals("/openapi.yaml")) {
                assertThat(resource.status()).as(resource.url()).isEqualTo(200);
            }
        }
    }

    /**
     * The element ids Swagger UI gives the operations of the served document: operations-{tag}-{operationId},
     * once under each of the operation's tags.
     */
    private Set<String> declaredOperationBlocks() throws Exception {
        JsonNode paths = YAML.readTree(s.get("/openapi.yaml", null).ok(200).body()).get("paths");
        Set<String> ids = new TreeSet<>();
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                JsonNode op = operation.getValue();
                for (JsonNode tag : op.path("tags")) {
                    ids.add("operations-" + tag.asText() + "-" + op.path("operationId").asText());
                }
            }
        }
        assertThat(ids).hasSizeGreaterThan(20);
        return ids;
    }

    private Set<String> renderedOperationBlocks() {
        Set<String> ids = new TreeSet<>();
        for (WebElement block : browser.driver.findElements(By.cssSelector(".opblock[id^='operations-']"))) {
            if (block.isDisplayed()) {
                ids.add(block.getDomAttribute("id"));
            }
        }
        return ids;
    }

    /** Authorize, the credential into the X-API-Key form, its Authorize, then Close. */
    private void authorize(String credential) {
        browser.click(By.cssSelector(".auth-wrapper .authorize"));
        browser.visible(DIALOG);
        browser.type(By.xpath(API_KEY_FORM + "//input"), credential);
        browser.click(By.xpath(API_KEY_FORM + "//button[@type='submit' and normalize-space()='Authorize']"));
        browser.visible(By.xpath(API_KEY_FORM + "//h6[normalize-space()='Authorized']"));
        closeDialog();
    }

    /** Authorize, Logout in the X-API-Key form, then Close. */
    private void logout() {
        browser.click(By.cssSelector(".auth-wrapper .authorize"));
        browser.visible(DIALOG);
        browser.click(By.xpath(API_KEY_FORM + "//button[normalize-space()='Logout']"));
        browser.visible(By.xpath(API_KEY_FORM + "//input"));
        closeDialog();
    }

    private void closeDialog() {
        browser.click(By.xpath(API_KEY_FORM + "//button[normalize-space()='Close']"));
        browser.gone(DIALOG);
    }

    /** One operation of the page, by its tag and operationId. */
    private final class Operation {
        private final String block;

        Operation(String tag, String operationId) {
            this.block = "#operations-" + tag + "-" + operationId;
        }

        /** Expands the operation and switches it to "Try it out". */
        void tryItOut() {
            browser.click(part(".opblock-summary-control"));
            browser.click(part(".try-out__btn"));
            browser.visible(part(".execute"));
        }

        void fill(String parameter, String value) {
            browser.type(part("tr[data-param-name='" + parameter + "'] input"), value);
        }

        /** Clears the previous answer, executes, and returns the live response the page shows. */
        LiveResponse execute() {
            List<WebElement> clear = browser.driver.findElements(part(".btn-clear"));
            if (!clear.isEmpty()) {
                clear.get(0).click();
                browser.gone(part(".live-responses-table"));
            }
            browser.click(part(".execute"));
            String status = browser.text(part(".live-responses-table .response .response-col_status"));
            return new LiveResponse(Integer.parseInt(status.trim()),
                    browser.text(part(".live-responses-table .response .highlight-code pre")),
                    browser.text(part(".request-url pre")),
                    browser.text(part(".curl-command pre")));
        }

        By part(String css) {
            return By.cssSelector(block + " " + css);
        }
    }

    /** What Swagger UI shows after Execute: the status, the response body, the request URL and the curl command. */
    private record LiveResponse(int status, String body, String requestUrl, String curl) {
        JsonNode json() {
            try {
                return ServerFixture.JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("the response body the page shows is not JSON: " + body, e);
            }
        }
    }
}
