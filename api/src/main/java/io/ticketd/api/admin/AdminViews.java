package io.ticketd.api.admin;

import com.fasterxml.jackson.core.JsonGenerator;
import io.ticketd.engine.registry.AccessKey;
import io.ticketd.engine.registry.Account;
import io.ticketd.engine.registry.AuditEvent;
import io.ticketd.engine.registry.IssuedCredential;
import io.ticketd.engine.registry.Scope;
import io.ticketd.engine.registry.Store;
import io.ticketd.engine.registry.StoreCredentialStatus;
import io.ticketd.engine.registry.User;

import java.io.IOException;
import java.util.List;

/**
 * The JSON shape of every admin resource, in one place. Dates are microseconds since
 * the epoch; scopes use their wire names; a secret appears only in the answer that
 * creates it.
 */
final class AdminViews {
    private AdminViews() {
    }

    static void account(JsonGenerator out, Account a) throws IOException {
        out.writeStartObject();
        out.writeStringField("accountId", a.accountId());
        out.writeStringField("name", a.name());
        out.writeNumberField("createdDate", a.createdDate());
        out.writeEndObject();
    }

    static void store(JsonGenerator out, Store s) throws IOException {
        out.writeStartObject();
        out.writeStringField("storeId", s.storeId());
        out.writeStringField("accountId", s.accountId());
        out.writeStringField("name", s.name());
        out.writeNumberField("createdDate", s.createdDate());
        out.writeStringField("credentialStatus", s.credentialStatus());
        out.writeStringField("credentialKeyId", s.credentialKeyId());
        out.writeEndObject();
    }

    static void credentialStatus(JsonGenerator out, StoreCredentialStatus c) throws IOException {
        out.writeStartObject();
        out.writeStringField("storeId", c.storeId());
        out.writeStringField("status", c.status());
        out.writeStringField("keyId", c.keyId());
        if (c.createdDate() == null) {
            out.writeNullField("createdDate");
        } else {
            out.writeNumberField("createdDate", c.createdDate());
        }
        out.writeEndObject();
    }

    /** A newly issued store credential: the only time its secret is shown. */
    static void issuedStoreCredential(JsonGenerator out, IssuedCredential c) throws IOException {
        out.writeStartObject();
        out.writeStringField("storeId", c.storeId());
        out.writeStringField("keyId", c.keyId());
        out.writeStringField("secret", c.secret());
        out.writeStringField("status", StoreCredentialStatus.KEY_ACTIVE);
        out.writeStringField("header", c.headerValue());
        out.writeNumberField("createdDate", c.createdDate());
        out.writeEndObject();
    }

    static void accessKey(JsonGenerator out, AccessKey k) throws IOException {
        out.writeStartObject();
        accessKeyFields(out, k);
        out.writeEndObject();
    }

    /** A newly created access key: the only time its secret is shown. */
    static void issuedAccessKey(JsonGenerator out, AccessKey k, IssuedCredential c) throws IOException {
        out.writeStartObject();
        accessKeyFields(out, k);
        out.writeStringField("secret", c.secret());
        out.writeStringField("header", c.headerValue());
        out.writeEndObject();
    }

    private static void accessKeyFields(JsonGenerator out, AccessKey k) throws IOException {
        out.writeStringField("keyId", k.keyId());
        out.writeStringField("accountId", k.accountId());
        out.writeStringField("name", k.name());
        out.writeArrayFieldStart("scopes");
        for (Scope s : Scope.values()) {
            if (k.scopes().contains(s)) {
                out.writeString(s.wireName());
            }
        }
        out.writeEndArray();
        strings(out, "stores", k.stores());
        out.writeStringField("status", k.enabled() ? "enabled" : "disabled");
        out.writeNumberField("createdDate", k.createdDate());
        if (k.lastUsedDate() == null) {
            out.writeNullField("lastUsedDate");
        } else {
            out.writeNumberField("lastUsedDate", k.lastUsedDate());
        }
    }

    /** A user as the admin API shows it: the integrator fields, plus its ids and whether it has a password. */
    static void user(JsonGenerator out, User u, boolean passwordSet) throws IOException {
        out.writeStartObject();
        out.writeStringField("userId", u.userId());
        out.writeStringField("accountId", u.accountId());
        userFields(out, u);
        out.writeBooleanField("passwordSet", passwordSet);
        out.writeEndObject();
    }

    /** The fields the integrator API ({@code /apip/users}) shows, as in its reference. */
    static void userFields(JsonGenerator out, User u) throws IOException {
        out.writeStringField("firstName", u.firstName());
        out.writeStringField("lastName", u.lastName());
        out.writeStringField("emailAddress", u.emailAddress());
        strings(out, "userGroups", u.userGroups());
        out.writeNumberField("createdDate", u.createdDate());
        if (u.lastSignInDate() == null) {
            out.writeNullField("lastSignInDate");
        } else {
            out.writeNumberField("lastSignInDate", u.lastSignInDate());
        }
    }

    static void audit(JsonGenerator out, AuditEvent e) throws IOException {
        out.writeStartObject();
        out.writeNumberField("time", e.time());
        out.writeStringField("event", e.event());
        out.writeStringField("keyId", e.keyId());
        out.writeStringField("accountId", e.accountId());
        out.writeStringField("storeId", e.storeId());
        out.writeStringField("detail", e.detail());
        out.writeEndObject();
    }

    static void strings(JsonGenerator out, String field, List<String> values) throws IOException {
        if (values == null) {
            out.writeNullField(field);
            return;
        }
        out.writeArrayFieldStart(field);
        for (String v : values) {
            out.writeString(v);
        }
        out.writeEndArray();
    }
}
