package io.ticketd.api.auth;

import io.netty.handler.codec.http.HttpHeaders;
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
 * <p>Thread-safety: stateless; called on event loops.
 */
public final class Authenticator {
    static final String HOW = "send the header Authentication: X-API-Key AKI=<key id>;AKS=<secret>";

    private final Registry registry;

    public Authenticator(Registry registry) {
        this.registry = registry;
    }

    public Principal authenticate(HttpHeaders headers) throws ApiException {
        String value = CredentialHeader.value(headers);
        if (value == null) {
            throw ApiException.unauthenticated("credentials are required: " + HOW);
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
