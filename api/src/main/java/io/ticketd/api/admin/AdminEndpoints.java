package io.ticketd.api.admin;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.ticketd.api.http.ApiException;
import io.ticketd.api.http.Exchange;
import io.ticketd.api.http.Json;
import io.ticketd.api.http.QueryParameters;
import io.ticketd.api.http.RequestBody;
import io.ticketd.engine.registry.AccessKey;
import io.ticketd.engine.registry.Account;
import io.ticketd.engine.registry.AuditEvent;
import io.ticketd.api.monitoring.MonitoringEndpoints;
import io.ticketd.engine.registry.IssuedCredential;
import io.ticketd.engine.registry.Principal;
import io.ticketd.engine.registry.Registry;
import io.ticketd.engine.registry.RegistryException;
import io.ticketd.engine.registry.Scope;
import io.ticketd.engine.registry.Store;
import io.ticketd.engine.registry.User;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The admin API ({@code admin} scope): accounts, stores, store credentials, access
 * keys, users, station monitoring, and the credential audit trail. Registry writes are
 * synced to disk, so these run on the blocking executor, never on an event loop.
 *
 * <p>The admin credential administers every account. An account Administrator's console
 * session ({@link Principal#accountAdministrator}) administers its own account only: any
 * other account, or a store, key or user of one, is refused with 403, and the account list
 * and audit trail show only its own.
 *
 * <p>Thread-safety: stateless; the registry serializes writes.
 */
public final class AdminEndpoints {
    private static final String SCOPE_NAMES = Arrays.stream(Scope.values()).filter(s -> s != Scope.ADMIN)
            .map(Scope::wireName).collect(Collectors.joining(", "));

    private static final Set<String> USER_FIELDS = Set.of("firstName", "lastName", "emailAddress", "userGroups",
            "password");

    private final Registry registry;
    private final MonitoringEndpoints monitoring;

    public AdminEndpoints(Registry registry, MonitoringEndpoints monitoring) {
        this.registry = registry;
        this.monitoring = monitoring;
    }

    public void createAccount(Exchange ex) throws ApiException {
        if (!ex.principal().administersAll()) {
            throw ApiException.forbidden("only the admin credential creates accounts; this session administers account "
                    + ex.principal().accountId() + " only");
        }
        RequestBody body = RequestBody.read(ex, Set.of("name"));
        Account account = call(() -> registry.createAccount(body.string("name")));
        created(ex, out -> AdminViews.account(out, account));
    }

    public void listAccounts(Exchange ex) {
        Principal principal = ex.principal();
        List<Account> accounts = registry.accounts().stream().filter(a -> principal.administers(a.accountId()))
                .toList();
        ok(ex, out -> {
            out.writeStartArray();
            for (Account a : accounts) {
                AdminViews.account(out, a);
            }
            out.writeEndArray();
        });
    }

    public void getAccount(Exchange ex) throws ApiException {
        Account account = account(requireAccount(ex));
        ok(ex, out -> AdminViews.account(out, account));
    }

    public void createStore(Exchange ex) throws ApiException {
        RequestBody body = RequestBody.read(ex, Set.of("storeId", "name"));
        String storeId = body.string("storeId");
        String name = body.optionalString("name");
        String account = requireAccount(ex);
        Store store = call(() -> registry.createStore(account, storeId, name == null ? storeId : name));
        created(ex, out -> AdminViews.store(out, store));
    }

    public void listStores(Exchange ex) throws ApiException {
        String account = requireAccount(ex);
        List<Store> stores = call(() -> registry.stores(account));
        ok(ex, out -> {
            out.writeStartArray();
            for (Store s : stores) {
                AdminViews.store(out, s);
            }
            out.writeEndArray();
        });
    }

    public void getStore(Exchange ex) throws ApiException {
        String storeId = requireStore(ex);
        Store store = registry.store(storeId).orElseThrow(() -> ApiException.notFound("store " + storeId + " does not exist"));
        ok(ex, out -> AdminViews.store(out, store));
    }

    /** "Generate a New API Key": replaces the store's credential; the secret is shown this once. */
    public void generateStoreCredential(Exchange ex) throws ApiException {
        String storeId = requireStore(ex);
        IssuedCredential credential = call(() -> registry.generateStoreCredential(storeId));
        created(ex, out -> AdminViews.issuedStoreCredential(out, credential));
    }

    public void getStoreCredential(Exchange ex) throws ApiException {
        String storeId = requireStore(ex);
        var status = call(() -> registry.storeCredential(storeId));
        ok(ex, out -> AdminViews.credentialStatus(out, status));
    }

    public void revokeStoreCredential(Exchange ex) throws ApiException {
        String storeId = requireStore(ex);
        var status = call(() -> registry.revokeStoreCredential(storeId));
        ok(ex, out -> AdminViews.credentialStatus(out, status));
    }

    public void createAccessKey(Exchange ex) throws ApiException {
        String account = requireAccount(ex);
        RequestBody body = RequestBody.read(ex, Set.of("name", "scopes", "stores"));
        String name = body.string("name");
        List<String> scopeNames = body.optionalStringList("scopes");
        if (scopeNames == null || scopeNames.isEmpty()) {
            throw ApiException.invalid("scopes is required: one or more of " + SCOPE_NAMES);
        }
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String s : scopeNames) {
            Scope scope = Scope.fromWireName(s);
            if (scope == null || scope == Scope.ADMIN) {
                throw ApiException.invalid("scope \"" + s + "\" is not one of " + SCOPE_NAMES);
            }
            scopes.add(scope);
        }
        List<String> stores = body.optionalStringList("stores");
        IssuedCredential issued = call(() -> registry.createAccessKey(account, name, scopes, stores));
        AccessKey key = registry.accessKey(issued.keyId()).orElseThrow();
        created(ex, out -> AdminViews.issuedAccessKey(out, key, issued));
    }

    public void listAccessKeys(Exchange ex) throws ApiException {
        String account = requireAccount(ex);
        List<AccessKey> keys = call(() -> registry.accessKeys(account));
        ok(ex, out -> {
            out.writeStartArray();
            for (AccessKey k : keys) {
                AdminViews.accessKey(out, k);
            }
            out.writeEndArray();
        });
    }

    public void getAccessKey(Exchange ex) throws ApiException {
        String keyId = requireKey(ex);
        AccessKey key = registry.accessKey(keyId).orElseThrow(() -> ApiException.notFound("access key " + keyId
                + " does not exist"));
        ok(ex, out -> AdminViews.accessKey(out, key));
    }

    public void disableKey(Exchange ex) throws ApiException {
        String keyId = requireKey(ex);
        AccessKey key = call(() -> registry.disableKey(keyId));
        ok(ex, out -> AdminViews.accessKey(out, key));
    }

    public void enableKey(Exchange ex) throws ApiException {
        String keyId = requireKey(ex);
        AccessKey key = call(() -> registry.enableKey(keyId));
        ok(ex, out -> AdminViews.accessKey(out, key));
    }

    public void deleteKey(Exchange ex) throws ApiException {
        String keyId = requireKey(ex);
        call(() -> {
            registry.deleteKey(keyId);
            return null;
        });
        ok(ex, out -> {
            out.writeStartObject();
            out.writeStringField("keyId", keyId);
            out.writeBooleanField("deleted", true);
            out.writeEndObject();
        });
    }

    public void createUser(Exchange ex) throws ApiException {
        String account = requireAccount(ex);
        RequestBody body = RequestBody.read(ex, USER_FIELDS);
        String password = body.optionalString("password");
        User user = call(() -> registry.createUser(account, body.string("firstName"), body.string("lastName"),
                body.string("emailAddress"), body.optionalStringList("userGroups"), password));
        created(ex, out -> AdminViews.user(out, user, password != null));
    }

    public void listUsers(Exchange ex) throws ApiException {
        String account = requireAccount(ex);
        QueryParameters q = ex.query();
        int offset = q.intValue("offset") == null ? 0 : q.intValue("offset");
        int limit = q.intValue("limit") == null ? 100 : q.intValue("limit");
        if (offset < 0 || limit < 1 || limit > 1000) {
            throw ApiException.invalid("offset must be 0 or more and limit 1 to 1000");
        }
        List<User> users = call(() -> registry.users(account, offset, limit));
        ok(ex, out -> {
            out.writeStartArray();
            for (User u : users) {
                AdminViews.user(out, u, registry.hasPassword(u.userId()));
            }
            out.writeEndArray();
        });
    }

    public void getUser(Exchange ex) throws ApiException {
        String userId = requireUser(ex);
        User user = registry.user(userId).orElseThrow(() -> ApiException.notFound("user " + userId + " does not exist"));
        ok(ex, out -> AdminViews.user(out, user, registry.hasPassword(userId)));
    }

    /**
     * Changes a user's fields, groups and password; absent fields are kept. {@code "userGroups": null}
     * clears the groups; {@code "password": null} removes the password (no more console sign-in).
     */
    public void updateUser(Exchange ex) throws ApiException {
        String userId = requireUser(ex);
        RequestBody body = RequestBody.read(ex, USER_FIELDS);
        List<String> groups = body.has("userGroups") ? body.optionalStringList("userGroups") : null;
        if (body.has("userGroups") && groups == null) {
            groups = List.of(); // an explicit null clears the groups
        }
        List<String> newGroups = groups;
        boolean passwordChange = body.has("password");
        String password = body.optionalString("password");
        if (password != null) {
            call(() -> {
                Registry.validatePassword(password);
                return null;
            });
        }
        User user = call(() -> registry.updateUser(userId, body.optionalString("firstName"),
                body.optionalString("lastName"), body.optionalString("emailAddress"), newGroups));
        if (passwordChange) {
            call(() -> {
                registry.setPassword(userId, password);
                return null;
            });
        }
        ok(ex, out -> AdminViews.user(out, user, registry.hasPassword(userId)));
    }

    public void deleteUser(Exchange ex) throws ApiException {
        String userId = requireUser(ex);
        call(() -> {
            registry.deleteUser(userId);
            return null;
        });
        ok(ex, out -> {
            out.writeStartObject();
            out.writeStringField("userId", userId);
            out.writeBooleanField("deleted", true);
            out.writeEndObject();
        });
    }

    /** {@code GET /admin/v1/accounts/{accountId}/monitoring}: every station of the account, as {@code GET /apip/monitoring}. */
    public void stations(Exchange ex) throws ApiException {
        String account = requireAccount(ex);
        account(account);
        monitoring.stationsOf(ex, account, null);
    }

    public void audit(Exchange ex) throws ApiException {
        QueryParameters q = ex.query();
        int limit = q.intValue("limit") == null ? 100 : q.intValue("limit");
        if (limit < 1 || limit > 10_000) {
            throw ApiException.invalid("limit must be 1 to 10000");
        }
        Principal principal = ex.principal();
        String accountId = q.string("accountId");
        if (!principal.administersAll()) {
            if (accountId != null && !principal.administers(accountId)) {
                throw outsideSession(principal);
            }
            accountId = principal.accountId();
        }
        List<AuditEvent> events = registry.auditEvents(accountId, limit);
        ok(ex, out -> {
            out.writeStartArray();
            for (AuditEvent e : events) {
                AdminViews.audit(out, e);
            }
            out.writeEndArray();
        });
    }

    /** The path's account id, once the principal is known to administer it. */
    private static String requireAccount(Exchange ex) throws ApiException {
        String accountId = ex.pathParam("accountId");
        if (!ex.principal().administers(accountId)) {
            throw outsideSession(ex.principal());
        }
        return accountId;
    }

    /** The path's store id, once the principal is known to administer its account (a missing store is for the caller to report). */
    private String requireStore(Exchange ex) throws ApiException {
        return requireOwned(ex, "storeId", id -> registry.store(id).map(Store::accountId));
    }

    private String requireKey(Exchange ex) throws ApiException {
        return requireOwned(ex, "keyId", id -> registry.accessKey(id).map(AccessKey::accountId));
    }

    private String requireUser(Exchange ex) throws ApiException {
        return requireOwned(ex, "userId", id -> registry.user(id).map(User::accountId));
    }

    /**
     * The path parameter {@code name}, once the principal is known to administer the account
     * {@code accountOf} finds for it; the admin credential administers every account, so it
     * needs no lookup.
     */
    private static String requireOwned(Exchange ex, String name, Function<String, Optional<String>> accountOf)
            throws ApiException {
        String id = ex.pathParam(name);
        Principal principal = ex.principal();
        if (principal.administersAll()) {
            return id;
        }
        String account = accountOf.apply(id).orElse(null);
        if (account != null && !principal.administers(account)) {
            throw outsideSession(principal);
        }
        return id;
    }

    private static ApiException outsideSession(Principal principal) {
        return ApiException.forbidden("this session administers account " + principal.accountId() + " only");
    }

    private Account account(String accountId) throws ApiException {
        return registry.account(accountId).orElseThrow(() -> ApiException.notFound("account " + accountId
                + " does not exist"));
    }

    /** A registry call, its refusals turned into 404, 409 or 400. */
    private interface RegistryCall<T> {
        T run() throws RegistryException, ApiException;
    }

    private static <T> T call(RegistryCall<T> call) throws ApiException {
        try {
            return call.run();
        } catch (RegistryException e) {
            throw switch (e.reason()) {
                case NOT_FOUND -> ApiException.notFound(e.getMessage());
                case CONFLICT -> ApiException.conflict(e.getMessage());
                case INVALID -> ApiException.invalid(e.getMessage());
            };
        }
    }

    private static void ok(Exchange ex, Json.Writer content) {
        ex.respond(HttpResponseStatus.OK, Json.content(ex.alloc(), content));
    }

    private static void created(Exchange ex, Json.Writer content) {
        ex.respond(HttpResponseStatus.CREATED, Json.content(ex.alloc(), content));
    }
}
