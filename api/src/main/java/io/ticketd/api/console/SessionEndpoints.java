package io.ticketd.api.console;

import com.fasterxml.jackson.core.JsonGenerator;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.ticketd.api.auth.CredentialHeader;
import io.ticketd.api.http.ApiException;
import io.ticketd.api.http.Exchange;
import io.ticketd.api.http.Json;
import io.ticketd.api.http.RequestBody;
import io.ticketd.engine.registry.Authentication;
import io.ticketd.engine.registry.Principal;
import io.ticketd.engine.registry.Registry;
import io.ticketd.engine.registry.RegistryException;
import io.ticketd.engine.registry.SignIn;
import io.ticketd.engine.registry.User;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * Console sign-in, the current session, and sign-out:
 * {@code POST}, {@code GET} and {@code DELETE /console/api/session}. A session is opened with
 * an {@value User#ADMINISTRATOR_GROUP}'s email address and password (it then administers that
 * user's account) or with the admin credential (every account), and lives in an HttpOnly,
 * Secure, SameSite=Strict cookie ({@link SessionCookie}).
 *
 * <p>Sign-in hashes a password with PBKDF2, so it runs on the blocking executor. Failed
 * attempts are throttled per address and per client ({@link SignInThrottle}).
 *
 * <p>Thread-safety: stateless apart from the thread-safe sessions and throttle.
 */
public final class SessionEndpoints {
    private static final Set<String> SIGN_IN_FIELDS = Set.of("emailAddress", "password", "accountId", "credential");
    private static final String WRONG_PASSWORD = "the email address or password is wrong";

    private final Registry registry;
    private final ConsoleSessions sessions;
    private final SignInThrottle throttle;

    public SessionEndpoints(Registry registry, ConsoleSessions sessions, SignInThrottle throttle) {
        this.registry = registry;
        this.sessions = sessions;
        this.throttle = throttle;
    }

    /** {@code POST /console/api/session}: signs in and sets the session cookie. */
    public void signIn(Exchange ex) throws ApiException {
        RequestBody body = RequestBody.read(ex, SIGN_IN_FIELDS);
        String credential = body.optionalString("credential");
        String email = body.optionalString("emailAddress");
        String password = body.optionalString("password");
        String accountId = body.optionalString("accountId");
        boolean withPassword = email != null || password != null || accountId != null;
        if (credential != null && withPassword) {
            throw ApiException.invalid("send either credential, or emailAddress and password, not both");
        }
        if (credential == null && (email == null || password == null)) {
            throw ApiException.invalid("send emailAddress and password (and accountId when the address is an"
                    + " Administrator in several accounts), or credential with the admin credential AKI=…;AKS=…");
        }
        String client = ex.clientAddress();
        long wait = throttle.retryAfterSeconds(email, client);
        if (wait > 0) {
            throw ApiException.tooManyRequests("too_many_attempts", "too many failed sign-ins; try again in " + wait
                    + " seconds", wait);
        }
        ConsoleSessions.Opened opened = credential != null
                ? signInWithCredential(credential, client)
                : signInWithPassword(accountId, email, password, client);
        ex.respond(HttpResponseStatus.OK, Json.content(ex.alloc(), out -> view(out, opened.session())),
                "application/json; charset=utf-8", Map.of(HttpHeaderNames.SET_COOKIE.toString(),
                        SessionCookie.open(opened.token())));
    }

    private ConsoleSessions.Opened signInWithCredential(String credential, String client) throws ApiException {
        String value = credential.trim();
        if (!value.regionMatches(true, 0, CredentialHeader.SCHEME, 0, CredentialHeader.SCHEME.length())) {
            value = CredentialHeader.SCHEME + " " + value;
        }
        CredentialHeader header;
        try {
            header = CredentialHeader.parse(value);
        } catch (CredentialHeader.MalformedException e) {
            throw ApiException.invalid("credential is not AKI=<key id>;AKS=<secret>: " + e.getMessage());
        }
        Authentication result = registry.authenticate(header.keyId(), header.secret());
        if (!result.succeeded()) {
            throttle.failed(null, client);
            throw ApiException.unauthenticated("invalid credentials");
        }
        Principal principal = result.principal();
        if (!principal.administersAll()) {
            throw ApiException.forbidden("the console takes the admin credential, or an Administrator's email address"
                    + " and password; this is " + (principal.storeId() != null ? "a store credential"
                    : "an access key"));
        }
        return sessions.openForAdmin(principal);
    }

    private ConsoleSessions.Opened signInWithPassword(String accountId, String email, String password, String client)
            throws ApiException {
        SignIn result;
        try {
            result = registry.signIn(accountId, email, password);
        } catch (RegistryException e) {
            throw ApiException.invalid(e.getMessage());
        }
        switch (result.outcome()) {
            case SIGNED_IN -> {
                return sessions.openForUser(result.user());
            }
            case ACCOUNT_REQUIRED -> throw ApiException.badRequest("account_required", email + " is an "
                    + User.ADMINISTRATOR_GROUP + " in several accounts (" + String.join(", ", result.accountIds())
                    + "); give accountId");
            case NOT_ADMINISTRATOR -> throw ApiException.forbidden(email + " is not in the " + User.ADMINISTRATOR_GROUP
                    + " group; only Administrators may sign in to the console");
            default -> {
                throttle.failed(email, client);
                throw ApiException.unauthenticated(WRONG_PASSWORD);
            }
        }
    }

    /** {@code GET /console/api/session}: who the session cookie signs in as. */
    public void current(Exchange ex) throws ApiException {
        ConsoleSession session = require(ex);
        ex.respond(HttpResponseStatus.OK, Json.content(ex.alloc(), out -> view(out, session)));
    }

    /** {@code DELETE /console/api/session}: signs out and clears the cookie. */
    public void signOut(Exchange ex) throws ApiException {
        String token = SessionCookie.token(ex.request().headers());
        if (token != null && !SessionCookie.hasConsoleHeader(ex.request().headers())) {
            throw consoleHeaderRequired();
        }
        sessions.close(token);
        ex.respond(HttpResponseStatus.OK, Json.content(ex.alloc(), out -> {
            out.writeStartObject();
            out.writeBooleanField("signedOut", true);
            out.writeEndObject();
        }), "application/json; charset=utf-8", Map.of(HttpHeaderNames.SET_COOKIE.toString(), SessionCookie.clear()));
    }

    private ConsoleSession require(Exchange ex) throws ApiException {
        String token = SessionCookie.token(ex.request().headers());
        if (token == null) {
            throw ApiException.unauthenticated("not signed in to the console");
        }
        if (!SessionCookie.hasConsoleHeader(ex.request().headers())) {
            throw consoleHeaderRequired();
        }
        ConsoleSession session = sessions.find(token);
        if (session == null) {
            throw ApiException.unauthenticated("the console session has ended; sign in again");
        }
        return session;
    }

    /** 403 for a cookie-authenticated request without the console's request-forgery guard header. */
    public static ApiException consoleHeaderRequired() {
        return new ApiException(HttpResponseStatus.FORBIDDEN, "console_header_required", "a request authenticated by"
                + " the console session cookie must send the header " + SessionCookie.CONSOLE_HEADER + ": 1");
    }

    private static void view(JsonGenerator out, ConsoleSession session) throws IOException {
        out.writeStartObject();
        out.writeStringField("kind", session.isAdminCredential() ? "admin" : "user");
        out.writeStringField("accountId", session.principal().accountId());
        if (session.user() == null) {
            out.writeNullField("user");
        } else {
            User u = session.user();
            out.writeObjectFieldStart("user");
            out.writeStringField("userId", u.userId());
            out.writeStringField("firstName", u.firstName());
            out.writeStringField("lastName", u.lastName());
            out.writeStringField("emailAddress", u.emailAddress());
            out.writeEndObject();
        }
        out.writeNumberField("expiresDate", session.expiresDate());
        out.writeEndObject();
    }
}
