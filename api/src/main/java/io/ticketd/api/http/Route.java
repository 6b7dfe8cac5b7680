package io.ticketd.api.http;

import io.netty.handler.codec.http.HttpMethod;
import io.ticketd.engine.registry.Scope;

import java.util.Map;
import java.util.Set;

/**
 * One endpoint: method, path pattern, the scope it needs (null: no credentials at
 * all), whether its work may block (it then runs on the blocking executor, never on
 * an event loop), whether a console session may call it (the admin API), and the
 * endpoint itself.
 *
 * <p>Thread-safety: immutable.
 */
public final class Route {
    /** Does the work of a route. Throw {@link ApiException} for a client error; respond exactly once otherwise. */
    @FunctionalInterface
    public interface Endpoint {
        void handle(Exchange exchange) throws ApiException;
    }

    private final String name;
    private final HttpMethod method;
    private final String pattern;
    private final String[] segments;
    private final Scope scope;
    private final boolean blocking;
    private final boolean acceptsSessions;
    private final Set<String> queryParameters;
    private final Endpoint endpoint;

    private Route(String name, HttpMethod method, String pattern, Scope scope, boolean blocking,
                  boolean acceptsSessions, Set<String> queryParameters, Endpoint endpoint) {
        this.name = name;
        this.method = method;
        this.pattern = pattern;
        this.segments = Router.pattern(pattern);
        this.scope = scope;
        this.blocking = blocking;
        this.acceptsSessions = acceptsSessions;
        this.queryParameters = queryParameters;
        this.endpoint = endpoint;
    }

    /** A route whose work is quick and non-blocking: it runs on the connection's event loop. */
    public static Route of(String name, HttpMethod method, String pattern, Scope scope, Endpoint endpoint) {
        return new Route(name, method, pattern, scope, false, false, Set.of(), endpoint);
    }

    /** A route whose work may block (registry writes sync to disk): it runs on the blocking executor. */
    public static Route blocking(String name, HttpMethod method, String pattern, Scope scope, Endpoint endpoint) {
        return new Route(name, method, pattern, scope, true, false, Set.of(), endpoint);
    }

    /** This route, also callable with a console session cookie (not only a credential header). */
    public Route acceptingSessions() {
        return new Route(name, method, pattern, scope, blocking, true, queryParameters, endpoint);
    }

    /**
     * This route, taking these query parameters. A route takes none unless it says so here, and
     * a request naming any other parameter is refused with a 400 before the endpoint runs (a typo
     * such as {@code maxpagesize} must not be silently ignored).
     */
    public Route takingQuery(Set<String> names) {
        return new Route(name, method, pattern, scope, blocking, acceptsSessions, Set.copyOf(names), endpoint);
    }

    /** A stable name for metrics and logs, e.g. {@code tickets.ingest}. */
    public String name() {
        return name;
    }

    public HttpMethod method() {
        return method;
    }

    public String pattern() {
        return pattern;
    }

    /** The scope a credential needs, or null when the route needs no credentials. */
    public Scope scope() {
        return scope;
    }

    public boolean isPublic() {
        return scope == null;
    }

    public boolean blocking() {
        return blocking;
    }

    /** True when a console session cookie may authenticate a call (the admin API). */
    public boolean acceptsSessions() {
        return acceptsSessions;
    }

    /** The query parameters the route takes; empty when it takes none. */
    public Set<String> queryParameters() {
        return queryParameters;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    Map<String, String> match(String[] path) {
        return Router.match(segments, path);
    }
}
