package io.ticketd.api.users;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.ticketd.api.http.ApiException;
import io.ticketd.api.http.Exchange;
import io.ticketd.api.http.Json;
import io.ticketd.engine.registry.Principal;
import io.ticketd.engine.registry.Registry;
import io.ticketd.engine.registry.RegistryException;
import io.ticketd.engine.registry.User;

import java.util.List;

/**
 * {@code GET /apip/users?i=N}: the account's users, as the reference API shows them,
 * 100 a page, page {@code i} from 0 (the default), in a stable order (creation,
 * then id). A page past the end has an empty {@code content}.
 *
 * <p>Thread-safety: stateless.
 */
public final class UsersEndpoint {
    public static final int PAGE_SIZE = 100;

    private final Registry registry;

    public UsersEndpoint(Registry registry) {
        this.registry = registry;
    }

    public void users(Exchange ex) throws ApiException {
        Principal principal = ex.principal();
        if (principal.accountId() == null) {
            throw ApiException.invalid("the admin credential belongs to no account; list an account's users with"
                    + " GET /admin/v1/accounts/{accountId}/users");
        }
        String text = ex.query().string("i");
        int page = 0;
        if (text != null) {
            try {
                page = Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                throw ApiException.invalid("i must be a page number (0, 1, 2, …), got '" + text + "'");
            }
            if (page < 0) {
                throw ApiException.invalid("i must be 0 or more, got " + page);
            }
        }
        List<User> users;
        try {
            long offset = (long) page * PAGE_SIZE;
            users = offset > Integer.MAX_VALUE ? List.of() : registry.users(principal.accountId(), (int) offset, PAGE_SIZE);
        } catch (RegistryException e) {
            throw ApiException.notFound(e.getMessage());
        }
        ex.respond(HttpResponseStatus.OK, Json.content(ex.alloc(), out -> {
            out.writeStartArray();
            for (User u : users) {
                out.writeStartObject();
                out.writeStringField("firstName", u.firstName());
                out.writeStringField("lastName", u.lastName());
                out.writeStringField("emailAddress", u.emailAddress());
                if (u.userGroups() == null) {
                    out.writeNullField("userGroups");
                } else {
                    out.writeArrayFieldStart("userGroups");
                    for (String g : u.userGroups()) {
                        out.writeString(g);
                    }
                    out.writeEndArray();
                }
                out.writeNumberField("createdDate", u.createdDate());
                if (u.lastSignInDate() == null) {
                    out.writeNullField("lastSignInDate");
                } else {
                    out.writeNumberField("lastSignInDate", u.lastSignInDate());
                }
                out.writeEndObject();
            }
            out.writeEndArray();
        }));
    }
}
