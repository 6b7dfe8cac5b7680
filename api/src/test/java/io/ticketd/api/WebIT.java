package io.ticketd.api;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web face's static files: the OpenAPI document, the Swagger UI docs page (from its
 * webjar, with ticketd's own initializer) and the console, with entity tags, redirects to the
 * slash form, the console's security headers, and names that cannot leave their directory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebIT {
    private ServerFixture s;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        s = ServerFixture.start(dir);
    }

    @AfterAll
    void stop() throws Exception {
        s.close();
    }

    @Test
    void openApiDocumentIsServedAsYamlWithoutCredentials() throws Exception {
        HttpResponse<String> r = get("/openapi.yaml", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/yaml");
        assertThat(r.body()).startsWith("openapi: 3.1");
    }

    @Test
    void docsRedirectsToItsSlashFormAndServesSwaggerUi() throws Exception {
        HttpResponse<String> bare = get("/docs", null);
        assertThat(bare.statusCode()).isEqualTo(301);
        assertThat(bare.headers().firstValue("Location")).hasValue("/docs/");
        HttpResponse<String> page = get("/docs/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(page.body()).contains("swagger-ui-bundle.js", "swagger-initializer.js");
        HttpResponse<String> bundle = get("/docs/swagger-ui-bundle.js", null);
        assertThat(bundle.statusCode()).isEqualTo(200);
        assertThat(bundle.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
        assertThat(bundle.body().length()).isGreaterThan(100_000);
    }

    @Test
    void docsInitializerPointsAtTheServersDocumentAndAddsTheCredentialScheme() throws Exception {
        HttpResponse<String> r = get("/docs/swagger-initializer.js", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("../openapi.yaml", "X-API-Key ").doesNotContain("petstore");
    }

    @Test
    void docsInitializerTurnsOffTheThirdPartyValidatorBadge() throws Exception {
        assertThat(get("/docs/swagger-initializer.js", null).body()).contains("validatorUrl: null");
    }

    @Test
    void consoleIsServedWithAStrictContentSecurityPolicy() throws Exception {
        assertThat(get("/console", null).headers().firstValue("Location")).hasValue("/console/");
        HttpResponse<String> r = get("/console/", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe-inline");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    }

    @Test
    void aMatchingEntityTagIsAnswered304() throws Exception {
        HttpResponse<String> first = get("/openapi.yaml", null);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-cache");
        HttpResponse<String> again = get("/openapi.yaml", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(get("/openapi.yaml", "\"something-else\"").statusCode()).isEqualTo(200);
    }

    @Test
    void unknownFilesAndNamesThatTryToLeaveTheirDirectoryAre404() throws Exception {
        for (String path : new String[]{"/console/nope.js", "/console/..%2F..%2Fpom.xml", "/console/.hidden.js",
                "/docs/..%2Fopenapi.yaml", "/docs/swagger-ui.exe", "/console/index"}) {
            HttpResponse<String> r = get(path, null);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.body()).as(path).contains("\"not_found\"");
        }
    }

    @Test
    void staticFilesAreReadOnly() throws Exception {
        HttpResponse<String> r = s.http.send(HttpRequest.newBuilder(s.uri("/openapi.yaml"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).hasValue("GET");
    }

    private HttpResponse<String> get(String path, String ifNoneMatch) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(s.uri(path)).GET();
        if (ifNoneMatch != null) {
            b.header("If-None-Match", ifNoneMatch);
        }
        return s.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
