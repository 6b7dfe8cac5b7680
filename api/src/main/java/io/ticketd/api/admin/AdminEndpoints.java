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
import io.ticketd.engine.registry.IssuedCredential;
import io.ticketd.engine.registry.Registry;
import io.ticketd.engine.registry.RegistryException;
import io.ticketd.engine.registry.Scope;
import io.ticketd.engine.registry.Store;
import io.ticketd.engine.registry.User;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The admin API ({@code admin} scope): accounts, stores, store credentials, access
 * keys, users, and the credential audit trail. Registry writes are synced to disk,
 * so these run on the blocking executor, never on an event loop.
 *
 * <p>Thread-safety: stateless; the registry serializes writes.
 */
public final class AdminEndpoints {
    private static final String SCOPE_NAMES = Arrays.stream(Scope.values()).filter(s -> s != Scope.ADMIN)
            .map(Scope::wireName).collect(Collectors.joining(", "));

    private final Registry registry;

    public AdminEndpoints(Registry registry) {
        this.registry = registry;
    }

    public void createAccount(Exchange ex) throws ApiException {
        RequestBody body = RequestBody.read(ex, Set.of("name"));
        Account account = call(() -> registry.createAccount(body.string("name")));
        created(ex, out -> AdminViews.account(out, account));
    }

    public void listAccounts(Exchange ex) {
        List<Account> accounts = registry.accounts();
        ok(ex, out -> {
            out.writeStartArray();
            for (Account a : accounts) {
                AdminViews.account(out, a);
            }
            out.writeEndArray();
        });
    }

    public void getAccount(Exchange ex) throws ApiException {
        Account account = account(ex.pathParam("accountId"));
        ok(ex, out -> AdminViews.account(out, account));
    }

    public void createStore(Exchange ex) throws ApiException {
        RequestBody body = RequestBody.read(ex, Set.of("storeId", "name"));
        String storeId = body.string("storeId");
        String name = body.optionalString("name");
        Store store = call(() -> registry.createStore(ex.pathParam("accountId"), storeId, name == null ? storeId : name));
        created(ex, out -> AdminViews.store(out, store));
    }

    public void listStores(Exchange ex) throws ApiException {
        List<Store> stores = call(() -> registry.stores(ex.pathParam("accountId")));
        ok(ex, out -> {
            out.writeStartArray();
            for (Store s : stores) {
                AdminViews.store(out, s);
            }
            out.writeEndArray();
        });
    }

    public void getStore(Exchange ex) throws ApiException {
        String storeId = ex.pathParam("storeId");
        Store store = registry.store(storeId).orElseThrow(() -> ApiException.notFound("store " + storeId + " does not exist"));
        ok(ex, out -> AdminViews.store(out, store));
    }

    /** "Generate a New API Key": replaces the store's credential; the secret is shown this once. */
    public void generateStoreCredential(Exchange ex) throws ApiException {
        IssuedCredential credential = call(() -> registry.generateStoreCredential(ex.pathParam("storeId")));
        created(ex, out -> AdminViews.issuedStoreCredential(out, credential));
    }

    public void getStoreCredential(Exchange ex) throws ApiException {
        var status = call(() -> registry.storeCredential(ex.pathParam("storeId")));
        ok(ex, out -> AdminViews.credentialStatus(out, status));
    }

    public void revokeStoreCredential(Exchange ex) throws ApiException {
        var status = call(() -> registry.revokeStoreCredential(ex.pathParam("storeId")));
        ok(ex, out -> AdminViews.credentialStatus(out, status));
    }

    public void createAccessKey(Exchange ex) throws ApiException {
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
        String account = ex.pathParam("accountId");
        IssuedCredential issued = call(() -> registry.createAccessKey(account, name, scopes, stores));
        AccessKey key = registry.accessKey(issued.keyId()).orElseThrow();
        created(ex, out -> AdminViews.issuedAccessKey(out, key, issued));
    }

    public void listAccessKeys(Exchange ex) throws ApiException {
        List<AccessKey> keys = call(() -> registry.accessKeys(ex.pathParam("accountId")));
        ok(ex, out -> {
            out.writeStartArray();
            for (AccessKey k : keys) {
                AdminViews.accessKey(out, k);
            }
            out.writeEndArray();
        });
    }

    public void getAccessKey(Exchange ex) throws ApiException {
        String keyId = ex.pathParam("keyId");
        AccessKey key = registry.accessKey(keyId).orElseThrow(() -> ApiException.notFound("access key " + keyId
                + " does not exist"));
        ok(ex, out -> AdminViews.accessKey(out, key));
    }

    public void disableKey(Exchange ex) throws ApiException {
        AccessKey key = call(() -> registry.disableKey(ex.pathParam("keyId")));
        ok(ex, out -> AdminViews.accessKey(out, key));
    }

    public void enableKey(Exchange ex) throws ApiException {
        AccessKey key = call(() -> registry.enableKey(ex.pathParam("keyId")));
        ok(ex, out -> AdminViews.accessKey(out, key));
    }

    public void deleteKey(Exchange ex) throws ApiException {
        String keyId = ex.pathParam("keyId");
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
        RequestBody body = RequestBody.read(ex, Set.of("firstName", "lastName", "emailAddress", "userGroups"));
        String account = ex.pathParam("accountId");
        User user = call(() -> registry.createUser(account, body.string("firstName"), body.string("lastName"),
                body.string("emailAddress"), body.optionalStringList("userGroups")));
        created(ex, out -> AdminViews.user(out, user));
    }

    public void listUsers(Exchange ex) throws ApiException {
        QueryParameters q = ex.query().allowOnly(Set.of("offset", "limit"));
        int offset = q.intValue("offset") == null ? 0 : q.intValue("offset");
        int limit = q.intValue("limit") == null ? 100 : q.intValue("limit");
        if (offset < 0 || limit < 1 || limit > 1000) {
            throw ApiException.invalid("offset must be 0 or more and limit 1 to 1000");
        }
        String account = ex.pathParam("accountId");
        List<User> users = call(() -> registry.users(account, offset, limit));
        ok(ex, out -> {
            out.writeStartArray();
            for (User u : users) {
                AdminViews.user(out, u);
            }
            out.writeEndArray();
        });
    }

    public void getUser(Exchange ex) throws ApiException {
        String userId = ex.pathParam("userId");
        User user = registry.user(userId).orElseThrow(() -> ApiException.notFound("user " + userId + " does not exist"));
        ok(ex, out -> AdminViews.user(out, user));
    }

    public void updateUser(Exchange ex) throws ApiException {
        RequestBody body = RequestBody.read(ex, Set.of("firstName", "lastName", "emailAddress", "userGroups"));
        List<String> groups = body.has("userGroups") ? body.optionalStringList("userGroups") : null;
        if (body.has("userGroups") && groups == null) {
            groups = List.of(); // an explicit null clears the groups
        }
        List<String> newGroups = groups;
        User user = call(() -> registry.updateUser(ex.pathParam("userId"), body.optionalString("firstName"),
                body.optionalString("lastName"), body.optionalString("emailAddress"), newGroups));
        ok(ex, out -> AdminViews.user(out, user));
    }

    public void deleteUser(Exchange ex) throws ApiException {
        String userId = ex.pathParam("userId");
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

    public void audit(Exchange ex) throws ApiException {
        QueryParameters q = ex.query().allowOnly(Set.of("accountId", "limit"));
        int limit = q.intValue("limit") == null ? 100 : q.intValue("limit");
        if (limit < 1 || limit > 10_000) {
            throw ApiException.invalid("limit must be 1 to 10000");
        }
        List<AuditEvent> events = registry.auditEvents(q.string("accountId"), limit);
        ok(ex, out -> {
            out.writeStartArray();
            for (AuditEvent e : events) {
                AdminViews.audit(out, e);
            }
            out.writeEndArray();
        });
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
