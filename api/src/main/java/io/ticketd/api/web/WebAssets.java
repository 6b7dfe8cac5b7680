package io.ticketd.api.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The static files of the web face, loaded from the class path on first use and kept in
 * memory: the OpenAPI document, the API docs page (Swagger UI from its webjar, with ticketd's
 * own page and initializer) and the admin console. Where they live:
 *
 * <pre>
 *  served at          class path
 *  /openapi.yaml      ticketd-web/openapi.yaml
 *  /docs/{file}       ticketd-web/docs/{file}, else META-INF/resources/webjars/swagger-ui/{version}/{file}
 *  /console/{file}    ticketd-web/console/{file}
 * </pre>
 *
 * File names are flat: letters, digits, {@code .}, {@code _} and {@code -}, not starting with a
 * dot, so no name can leave its directory. Only files that exist are cached, so the cache is
 * bounded by what the jar holds.
 *
 * <p>Thread-safety: safe from any thread. Loading reads the class path (blocking I/O): call from
 * a thread that may block.
 */
public final class WebAssets {
    static final String ROOT = "ticketd-web/";
    private static final String SWAGGER_UI_POM = "META-INF/maven/org.webjars/swagger-ui/pom.properties";
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json; charset=utf-8"),
            Map.entry("map", "application/json; charset=utf-8"),
            Map.entry("yaml", "application/yaml; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("txt", "text/plain; charset=utf-8"));

    private final ClassLoader classLoader;
    private final String swaggerUiRoot;
    private final Map<String, WebAsset> cache = new ConcurrentHashMap<>();

    public WebAssets() {
        this(WebAssets.class.getClassLoader());
    }

    WebAssets(ClassLoader classLoader) {
        this.classLoader = classLoader;
        this.swaggerUiRoot = "META-INF/resources/webjars/swagger-ui/" + swaggerUiVersion(classLoader) + "/";
    }

    public Optional<WebAsset> openApiDocument() {
        return load(ROOT + "openapi.yaml");
    }

    /** A file of the API docs page: ticketd's own first, then Swagger UI's. */
    public Optional<WebAsset> docs(String file) {
        if (!FILE_NAME.matcher(file).matches()) {
            return Optional.empty();
        }
        Optional<WebAsset> own = load(ROOT + "docs/" + file);
        return own.isPresent() ? own : load(swaggerUiRoot + file);
    }

    public Optional<WebAsset> console(String file) {
        return FILE_NAME.matcher(file).matches() ? load(ROOT + "console/" + file) : Optional.empty();
    }

    private Optional<WebAsset> load(String resource) {
        WebAsset cached = cache.get(resource);
        if (cached != null) {
            return Optional.of(cached);
        }
        String type = TYPES.get(extension(resource));
        if (type == null) {
            return Optional.empty();
        }
        try (InputStream in = classLoader.getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            WebAsset asset = new WebAsset(bytes, type, etag(bytes));
            WebAsset raced = cache.putIfAbsent(resource, asset);
            return Optional.of(raced != null ? raced : asset);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource + " from the class path", e);
        }
    }

    private static String extension(String resource) {
        int dot = resource.lastIndexOf('.');
        return dot < 0 ? "" : resource.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return '"' + HexFormat.of().formatHex(digest, 0, 16) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    private static String swaggerUiVersion(ClassLoader classLoader) {
        try (InputStream in = classLoader.getResourceAsStream(SWAGGER_UI_POM)) {
            if (in == null) {
                throw new IllegalStateException("the Swagger UI webjar is not on the class path (" + SWAGGER_UI_POM
                        + " is missing)");
            }
            Properties pom = new Properties();
            pom.load(in);
            String version = pom.getProperty("version");
            if (version == null) {
                throw new IllegalStateException(SWAGGER_UI_POM + " names no version");
            }
            return version;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SWAGGER_UI_POM, e);
        }
    }
}
