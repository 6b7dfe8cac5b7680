package io.ticketd.api.auth;

import io.netty.handler.codec.http.HttpHeaders;
import io.ticketd.api.console.ConsoleSession;
import io.ticketd.api.console.ConsoleSessions;
import io.ticketd.api.console.SessionCookie;
import io.ticketd.api.console.SessionEndpoints;
import io.ticketd.api.http.ApiException;
import io.ticketd.engine.registry.Authentication;
import io.ticketd.engine.registry.Principal;
import io.ticketd.engine.registry.Registry;

/**
 * Authenticates a request from its credential header against the registry. The
 * answers: no header; a header that is not {@code X-API-Key AKI=…;AKS=…}; a secret
 * whose checksum fails (a typo, told apart without any lookup, so it reveals
 * nothing); and one body, {@code invalid credentials}, for unknown, wrong, revoked
 * and disabled keys alike, so a caller cannot learn which key ids exist. The
 * registry audits every failure.
 *
 * <p>Routes that take console sessions (the admin API) also accept the session cookie when
 * no credential header is sent, provided the request carries the console's request-forgery
 * guard header ({@link SessionCookie}). A credential header always wins over a cookie.
 *
 * <p>Thread-safety: stateless; called on event loops.
 */
public final class Authenticator {
    static final String HOW = "send the header Authentication: X-API-Key AKI=<key id>;AKS=<secret>";

    private final Registry registry;
    private final ConsoleSessions sessions;

    public Authenticator(Registry registry, ConsoleSessions sessions) {
        this.registry = registry;
        this.sessions = sessions;
    }

    /**
     * Authenticates a request by its credential header or, when {@code sessionsAccepted} and it
     * sends none, by its console session cookie.
     */
    public Principal authenticate(HttpHeaders headers, boolean sessionsAccepted) throws ApiException {
        String value = CredentialHeader.value(headers);
        if (value == null) {
            String token = sessionsAccepted ? SessionCookie.token(headers) : null;
            if (token == null) {
                throw ApiException.unauthenticated("credentials are required: " + HOW);
            }
            if (!SessionCookie.hasConsoleHeader(headers)) {
                throw SessionEndpoints.consoleHeaderRequired();
            }
            ConsoleSession session = sessions.find(token);
            if (session == null) {
                throw ApiException.unauthenticated("the console session has ended; sign in again (or " + HOW + ")");
            }
            return session.principal();
        }
        CredentialHeader header;
        try {
            header = CredentialHeader.parse(value);
        } catch (CredentialHeader.MalformedException e) {
            throw ApiException.unauthenticated("malformed credentials: " + e.getMessage() + "; " + HOW);
        }
        Authentication result = registry.authenticate(header.keyId(), header.secret());
        if (result.succeeded()) {
            return result.principal();
        }
        if (result.failure() == Authentication.Failure.MALFORMED) {
            throw ApiException.unauthenticated("malformed credentials: the key id or secret is not in the ticketd"
                    + " format, or the secret does not match its checksum (mistyped or cut short)");
        }
        throw ApiException.unauthenticated("invalid credentials");
    }
}
