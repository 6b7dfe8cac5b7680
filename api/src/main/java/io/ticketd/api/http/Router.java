package io.ticketd.api.http;

import io.netty.handler.codec.http.HttpMethod;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps a method and a path to an {@link Route}. Patterns are literal segments and
 * {@code {name}} parameters, e.g. {@code /admin/v1/stores/{storeId}/credentials}.
 * Tells an unknown path (404) from a known path with another method (405, with the
 * methods that are allowed).
 *
 * <p>Thread-safety: built once before the server starts, then read-only.
 */
public final class Router {
    private final List<Route> routes = new ArrayList<>();

    public Router add(Route route) {
        routes.add(route);
        return this;
    }

    public List<Route> routes() {
        return List.copyOf(routes);
    }

    /** The result of matching a request. */
    public record Match(Route route, Map<String, String> params, Set<String> allowed) {
        public boolean found() {
            return route != null;
        }

        public boolean pathExists() {
            return route != null || !allowed.isEmpty();
        }
    }

    public Match match(HttpMethod method, String path) {
        String[] segments = split(path);
        Set<String> allowed = new LinkedHashSet<>();
        for (Route r : routes) {
            Map<String, String> params = r.match(segments);
            if (params == null) {
                continue;
            }
            if (r.method().equals(method) || method.equals(HttpMethod.HEAD) && r.method().equals(HttpMethod.GET)) {
                return new Match(r, params, Set.of());
            }
            allowed.add(r.method().name());
        }
        return new Match(null, Map.of(), allowed);
    }

    static String[] split(String path) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (p.equals("/") || p.isEmpty()) {
            return new String[0];
        }
        return (p.startsWith("/") ? p.substring(1) : p).split("/", -1);
    }

    /** Parses a pattern into its segments; parameters are {@code {name}}. */
    static String[] pattern(String pattern) {
        return split(pattern);
    }

    /** Extracts parameters when {@code segments} match {@code pattern}, else null. */
    static Map<String, String> match(String[] pattern, String[] segments) {
        if (pattern.length != segments.length) {
            return null;
        }
        Map<String, String> params = null;
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.startsWith("{") && p.endsWith("}")) {
                if (segments[i].isEmpty()) {
                    return null;
                }
                if (params == null) {
                    params = new LinkedHashMap<>();
                }
                params.put(p.substring(1, p.length() - 1), segments[i]);
            } else if (!p.equals(segments[i])) {
                return null;
            }
        }
        return params == null ? Map.of() : params;
    }
}
