package io.ticketd.engine.registry;

import java.util.List;
import java.util.Set;

/**
 * Who a request authenticated as: the result of a successful authentication.
 *
 * @param keyId     the credential's key id ({@code ak_…})
 * @param kind      admin, store or access key
 * @param accountId the account it belongs to; null for the admin credential
 * @param storeId   the store of a store credential; null otherwise
 * @param scopes    what it may do
 * @param stores    the stores it is limited to (a store credential: its own store), or null when not limited
 */
public record Principal(String keyId, CredentialKind kind, String accountId, String storeId, Set<Scope> scopes,
                        List<String> stores) {

    public boolean has(Scope scope) {
        return scopes.contains(scope) || scopes.contains(Scope.ADMIN);
    }

    public boolean isAdmin() {
        return scopes.contains(Scope.ADMIN);
    }

    /** True when the credential may act on {@code storeId}. */
    public boolean mayUseStore(String storeId) {
        return stores == null || stores.contains(storeId);
    }
}
