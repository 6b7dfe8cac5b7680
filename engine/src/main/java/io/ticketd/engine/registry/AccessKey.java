package io.ticketd.engine.registry;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * An account's API access key as an admin may see it: everything but the secret, which is
 * shown once, at creation, in an {@link IssuedCredential}. Immutable; a snapshot taken when
 * it was asked for.
 *
 * @param keyId        {@code ak_} and 20 base62 characters
 * @param accountId    the account it belongs to
 * @param name         what the key is for, 1 to 200 characters
 * @param scopes       what it may do (never {@link Scope#ADMIN}); in declaration order
 * @param stores       the stores it is limited to, or null when it may use every store of its account
 * @param enabled      false while disabled: it then fails authentication
 * @param createdDate  microseconds since the epoch
 * @param lastUsedDate when it last authenticated (to about a second), or null if it never did
 */
public record AccessKey(String keyId, String accountId, String name, Set<Scope> scopes, List<String> stores,
                        boolean enabled, long createdDate, Long lastUsedDate) {

    public AccessKey {
        scopes = Collections.unmodifiableSet(scopes.isEmpty() ? EnumSet.noneOf(Scope.class) : EnumSet.copyOf(scopes));
        stores = stores == null ? null : List.copyOf(stores);
    }
}
