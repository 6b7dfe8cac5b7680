package io.ticketd.api.web;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.ticketd.api.http.ApiException;
import io.ticketd.api.http.Exchange;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The web face: {@code GET /openapi.yaml}, the interactive API docs at {@code /docs/} and the
 * admin console at {@code /console/}, all static files from {@link WebAssets}. Responses carry
 * an entity tag (a matching {@code If-None-Match} gets 304) and are revalidated on each use;
 * the console's also carry a strict Content-Security-Policy: its own scripts and styles only,
 * no inline code, no framing.
 *
 * <p>Thread-safety: stateless apart from the thread-safe asset cache. Runs on the blocking
 * executor (a first load reads the class path).
 */
public final class WebEndpoints {
    static final String CONSOLE_POLICY = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none';"
            + " base-uri 'none'; form-action 'self'";

    private final WebAssets assets;

    public WebEndpoints(WebAssets assets) {
        this.assets = assets;
    }

    public void openApi(Exchange ex) throws ApiException {
        serve(ex, assets.openApiDocument(), false);
    }

    /** {@code /docs} and {@code /docs/}: the docs page (the bare path redirects, so relative links resolve). */
    public void docsIndex(Exchange ex) throws ApiException {
        if (redirectedToSlash(ex)) {
            return;
        }
        serve(ex, assets.docs("index.html"), false);
    }

    public void docsFile(Exchange ex) throws ApiException {
        serve(ex, assets.docs(ex.pathParam("file")), false);
    }

    public void consoleIndex(Exchange ex) throws ApiException {
        if (redirectedToSlash(ex)) {
            return;
        }
        serve(ex, assets.console("index.html"), true);
    }

    public void consoleFile(Exchange ex) throws ApiException {
        serve(ex, assets.console(ex.pathParam("file")), true);
    }

    private static boolean redirectedToSlash(Exchange ex) throws ApiException {
        if (ex.request().uri().split("\\?", 2)[0].endsWith("/")) {
            return false;
        }
        ex.respond(HttpResponseStatus.MOVED_PERMANENTLY, Unpooled.EMPTY_BUFFER, "text/plain; charset=utf-8",
                Map.of(HttpHeaderNames.LOCATION.toString(), ex.path() + "/"));
        return true;
    }

    private static void serve(Exchange ex, Optional<WebAsset> found, boolean console) throws ApiException {
        WebAsset asset = found.orElseThrow(() -> ApiException.notFound("no such file: " + ex.path()));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(HttpHeaderNames.ETAG.toString(), asset.etag());
        headers.put(HttpHeaderNames.CACHE_CONTROL.toString(), "no-cache");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "same-origin");
        if (console) {
            headers.put("Content-Security-Policy", CONSOLE_POLICY);
            headers.put("X-Frame-Options", "DENY");
        }
        String ifNoneMatch = ex.header(HttpHeaderNames.IF_NONE_MATCH);
        if (ifNoneMatch != null && matches(ifNoneMatch, asset.etag())) {
            ex.respond(HttpResponseStatus.NOT_MODIFIED, Unpooled.EMPTY_BUFFER, asset.contentType(), headers);
            return;
        }
        ex.respond(HttpResponseStatus.OK, Unpooled.wrappedBuffer(asset.bytes()), asset.contentType(), headers);
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.trim();
            if (c.equals("*") || c.equals(etag) || c.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }
}
