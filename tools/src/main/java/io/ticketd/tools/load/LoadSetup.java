package io.ticketd.tools.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpMethod;
import io.ticketd.api.auth.CredentialHeader;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The account a load run writes to and the credentials it uses. With the admin
 * credential the tool creates a fresh account, its stores, a store credential for
 * each (single-ticket requests use their store's own credential) and an access key
 * with tickets:read and tickets:write (batches, paging, verification).
 *
 * @param account          the account id (or "(given)" when an existing key is used)
 * @param accountKey       header value of the access key
 * @param storeCredentials header value of each store's credential (empty with an existing key)
 * @param stores           the store ids tickets use
 */
record LoadSetup(String account, String accountKey, Map<String, String> storeCredentials, List<String> stores) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static LoadSetup existing(String credential, List<String> stores) {
        return new LoadSetup("(given)", header(credential), Map.of(), stores);
    }

    /** The header value of an access key given as {@code AKI=…;AKS=…}, with or without its scheme. */
    static String header(String credential) {
        String c = credential.trim();
        return c.regionMatches(true, 0, CredentialHeader.SCHEME, 0, CredentialHeader.SCHEME.length()) ? c
                : CredentialHeader.SCHEME + " " + c;
    }

    /** Why {@code credential} is not an access key's form (the server's own rules), or null when it is. */
    static String malformed(String credential) {
        try {
            CredentialHeader.parse(header(credential));
            return null;
        } catch (CredentialHeader.MalformedException e) {
            return e.getMessage();
        }
    }

    /** A store of the workload already exists on the server (store ids are global). */
    static final class StoreExistsException extends IOException {
        StoreExistsException(String store) {
            super("store " + store + " already exists on the server");
        }
    }

    static LoadSetup create(LoadHttpClient.Connection c, String admin, List<String> stores) throws IOException {
        if (!stores.isEmpty()) {
            Http.Reply probe = Http.call(c, HttpMethod.GET, "/admin/v1/stores/" + stores.get(0), admin, null);
            if (probe.status() == 200) {
                throw new StoreExistsException(stores.get(0));
            }
        }
        String account = json(Http.call(c, HttpMethod.POST, "/admin/v1/accounts", admin,
                "{\"name\":\"ticketd load " + System.currentTimeMillis() + "\"}").expect(201, "creating an account"))
                .at("/content/accountId").asText();
        Map<String, String> credentials = new HashMap<>();
        for (String store : stores) {
            Http.call(c, HttpMethod.POST, "/admin/v1/accounts/" + account + "/stores", admin,
                    "{\"storeId\":\"" + store + "\",\"name\":\"load " + store + "\"}").expect(201, "creating store " + store);
            credentials.put(store, json(Http.call(c, HttpMethod.POST, "/admin/v1/stores/" + store + "/credentials", admin,
                    null).expect(201, "generating the credential of " + store)).at("/content/header").asText());
        }
        String key = json(Http.call(c, HttpMethod.POST, "/admin/v1/accounts/" + account + "/keys", admin,
                "{\"name\":\"ticketd load\",\"scopes\":[\"tickets:read\",\"tickets:write\"]}")
                .expect(201, "creating an access key")).at("/content/header").asText();
        return new LoadSetup(account, key, credentials, stores);
    }

    private static JsonNode json(Http.Reply reply) throws IOException {
        return JSON.readTree(reply.body());
    }
}
