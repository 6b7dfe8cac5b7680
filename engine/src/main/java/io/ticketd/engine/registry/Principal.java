package io.ticketd.engine.registry;

import java.util.List;
import java.util.Set;

/**
 * Who a request authenticated as: the result of a successful authentication.
 *
 * <p>An account Administrator's console session is an admin principal limited to one account:
 * kind {@link CredentialKind#ADMIN}, its key id the user id, its account id set (see
 * {@link #accountAdministrator}). The admin credential's principal has no account and
 * administers every account.
 *
 * @param keyId     the credential's key id ({@code ak_…}); for an account Administrator, the user id
 * @param kind      admin, store or access key
 * @param accountId the account it belongs to; null for the admin credential
 * @param storeId   the store of a store credential; null otherwise
 * @param scopes    what it may do
 * @param stores    the stores it is limited to (a store credential: its own store), or null when not limited
 */
public record Principal(String keyId, CredentialKind kind, String accountId, String storeId, Set<Scope> scopes,
                        List<String> stores) {

    /** The principal of a console session of {@code userId}, an Administrator of {@code accountId}. */
    public static Principal accountAdministrator(String userId, String accountId) {
        return new Principal(userId, CredentialKind.ADMIN, accountId, null, Set.of(Scope.ADMIN), null);
    }

    public boolean has(Scope scope) {
        return scopes.contains(scope) || scopes.contains(Scope.ADMIN);
    }

    public boolean isAdmin() {
        return scopes.contains(Scope.ADMIN);
    }

    /**
     * True when this principal may administer {@code accountId}: the admin credential may
     * administer any account, an account Administrator only its own.
     */
    public boolean administers(String accountId) {
        return isAdmin() && (this.accountId == null || this.accountId.equals(accountId));
    }

    /** True when this principal administers every account (the admin credential). */
    public boolean administersAll() {
        return isAdmin() && accountId == null;
    }

    /** True when the credential may act on {@code storeId}. */
    public boolean mayUseStore(String storeId) {
        return stores == null || stores.contains(storeId);
    }
}
