package io.ticketd.api.console;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.CookieHeaderNames;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;

/**
 * The console session cookie: its name and attributes, the one place that knows them.
 * {@code ticketd_session=<token>; Path=/; Max-Age=43200; HttpOnly; Secure; SameSite=Strict}.
 * HttpOnly keeps the token from scripts; SameSite=Strict keeps other sites' pages from sending
 * it; Secure keeps it off plain HTTP except to localhost (which browsers treat as secure), so
 * beyond one's own machine the console is reached through HTTPS (a TLS-terminating proxy).
 * The console also sends {@value #CONSOLE_HEADER} on every call, which a cross-site form
 * cannot, as a second guard against request forgery.
 *
 * <p>Thread-safety: stateless.
 */
public final class SessionCookie {
    public static final String NAME = "ticketd_session";
    /** The header every cookie-authenticated request must carry, with the value {@code 1}. */
    public static final String CONSOLE_HEADER = "X-Ticketd-Console";

    private SessionCookie() {
    }

    /** The session token a request's cookies carry, or null. */
    public static String token(HttpHeaders headers) {
        for (String header : headers.getAll(HttpHeaderNames.COOKIE)) {
            for (Cookie c : ServerCookieDecoder.LAX.decode(header)) {
                if (NAME.equals(c.name())) {
                    return c.value();
                }
            }
        }
        return null;
    }

    /** True when the request carries the console's request-forgery guard header. */
    public static boolean hasConsoleHeader(HttpHeaders headers) {
        return "1".equals(headers.get(CONSOLE_HEADER));
    }

    /** The Set-Cookie value that opens a session. */
    public static String open(String token) {
        DefaultCookie cookie = base(token);
        cookie.setMaxAge(ConsoleSessions.LIFETIME.toSeconds());
        return ServerCookieEncoder.STRICT.encode(cookie);
    }

    /** The Set-Cookie value that makes the browser forget the session. */
    public static String clear() {
        DefaultCookie cookie = base("");
        cookie.setMaxAge(0);
        return ServerCookieEncoder.STRICT.encode(cookie);
    }

    private static DefaultCookie base(String value) {
        DefaultCookie cookie = new DefaultCookie(NAME, value);
        cookie.setPath("/");
        cookie.setHttpOnly(true);
        cookie.setSecure(true);
        cookie.setSameSite(CookieHeaderNames.SameSite.Strict);
        return cookie;
    }
}
