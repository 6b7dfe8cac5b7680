package io.ticketd.api.tickets;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.FastThreadLocal;
import io.ticketd.api.http.ApiException;
import io.ticketd.api.http.Exchange;
import io.ticketd.api.http.QueryParameters;
import io.ticketd.api.http.Route;
import io.ticketd.engine.TicketEngine;
import io.ticketd.engine.query.InvalidCursorException;
import io.ticketd.engine.query.InvalidQueryException;
import io.ticketd.engine.query.Page;
import io.ticketd.engine.query.PageCursor;
import io.ticketd.engine.registry.CredentialKind;
import io.ticketd.engine.registry.Principal;
import io.ticketd.engine.registry.Registry;
import io.ticketd.engine.registry.Store;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /apip/tickets} (the caller's account) and
 * {@code GET /cpos/{accountId}/apip/tickets}: a page of tickets by persistDate.
 * The first call takes {@code startDate} (required), {@code endDate} (default: now),
 * {@code maxPageSize} (1 to 50, default 50) and {@code storeId}; later calls take the
 * {@code cursor} alone (other parameters sent with it must agree with it). The
 * results are written as stored, byte for byte, into the response.
 *
 * <p>Which stores a credential reads: a store credential its own store; an access
 * key limited to stores one of them (named with {@code storeId} when it has several);
 * other keys any store of the account, or the whole account.
 *
 * <p>Thread-safety: stateless but for a per-event-loop page buffer.
 */
public final class PageEndpoint implements Route.Endpoint {
    /** The query parameters of a page request. */
    public static final Set<String> PARAMETERS = Set.of("startDate", "endDate", "maxPageSize", "storeId", "cursor");
    private static final byte[] PREFIX = "{\"content\":{\"cursor\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COUNT = ",\"resultCount\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESULTS = ",\"results\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SUFFIX = "]}}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    private final TicketEngine engine;
    private final Registry registry;
    private final boolean accountInPath;
    private final FastThreadLocal<Page> pages = new FastThreadLocal<>() {
        @Override
        protected Page initialValue() {
            return new Page();
        }
    };

    /**
     * @param accountInPath true for {@code /cpos/{accountId}/apip/tickets}, false for {@code /apip/tickets}
     */
    public PageEndpoint(TicketEngine engine, Registry registry, boolean accountInPath) {
        this.engine = engine;
        this.registry = registry;
        this.accountInPath = accountInPath;
    }

    @Override
    public void handle(Exchange exchange) throws ApiException {
        Principal principal = exchange.principal();
        String account = account(exchange, principal);
        QueryParameters q = exchange.query();
        String storeParam = q.string("storeId");
        Long startDate = q.longValue("startDate");
        Long endDate = q.longValue("endDate");
        Integer maxPageSize = q.intValue("maxPageSize");
        String cursorText = q.string("cursor");
        if (storeParam != null) {
            checkStoreOfAccount(account, storeParam);
        }
        Page page = pages.get();
        try {
            if (cursorText != null) {
                PageCursor cursor = engine.decodeCursor(account, cursorText);
                if (storeParam != null) {
                    cursor.requireStoreFilter(storeParam);
                }
                checkReadable(principal, cursor.storeFilter());
                agree("endDate", endDate, cursor.endDate());
                agree("maxPageSize", maxPageSize == null ? null : maxPageSize.longValue(), cursor.pageSize());
                if (startDate != null && startDate > cursor.lastPersistDate() + 1) {
                    throw ApiException.invalid("startDate " + startDate + " disagrees with the cursor, which continues"
                            + " an earlier query; send the cursor alone");
                }
                engine.page(account, cursor, page);
            } else {
                if (startDate == null) {
                    throw ApiException.invalid("startDate is required on the first call (microseconds since the"
                            + " epoch); later pages take the cursor alone");
                }
                String store = storeFilter(principal, storeParam);
                long end = endDate != null ? endDate : engine.config().clockMicros().getAsLong();
                int size = maxPageSize != null ? maxPageSize : Page.MAX_PAGE_SIZE;
                engine.page(account, store, startDate, end, size, page);
            }
        } catch (InvalidCursorException e) {
            throw ApiException.badRequest("invalid_cursor", e.getMessage());
        } catch (InvalidQueryException e) {
            throw ApiException.invalid(e.getMessage());
        }
        exchange.respond(HttpResponseStatus.OK, write(exchange, page));
    }

    private String account(Exchange exchange, Principal principal) throws ApiException {
        if (!accountInPath) {
            if (principal.accountId() == null) {
                throw ApiException.invalid("the admin credential belongs to no account; page an account's tickets"
                        + " with GET /cpos/{accountId}/apip/tickets");
            }
            return principal.accountId();
        }
        String account = exchange.pathParam("accountId");
        if (principal.isAdmin()) {
            if (registry.account(account).isEmpty()) {
                throw ApiException.notFound("account " + account + " does not exist");
            }
            return account;
        }
        if (!account.equals(principal.accountId())) {
            throw ApiException.forbidden("this credential belongs to another account than " + account);
        }
        return account;
    }

    private void checkStoreOfAccount(String account, String storeId) throws ApiException {
        Optional<Store> store = registry.store(storeId);
        if (store.isEmpty() || !store.get().accountId().equals(account)) {
            throw ApiException.notFound("store " + storeId + " is not a store of this account");
        }
    }

    /** The store filter of a first call: the one asked for, checked, or the credential's only store. */
    private static String storeFilter(Principal principal, String asked) throws ApiException {
        if (asked != null) {
            checkReadable(principal, asked);
            return asked;
        }
        if (principal.kind() == CredentialKind.STORE) {
            return principal.storeId();
        }
        List<String> stores = principal.stores();
        if (stores == null) {
            return null;
        }
        if (stores.size() == 1) {
            return stores.get(0);
        }
        throw ApiException.invalid("storeId is required: this key may read the stores " + String.join(", ", stores));
    }

    private static void checkReadable(Principal principal, String storeFilter) throws ApiException {
        if (storeFilter == null) {
            if (principal.stores() != null) {
                throw ApiException.forbidden("this credential may not read every store of the account");
            }
            return;
        }
        if (!principal.mayUseStore(storeFilter)) {
            throw ApiException.forbidden("this credential may not read store " + storeFilter);
        }
    }

    private static void agree(String name, Long given, long carried) throws ApiException {
        if (given != null && given != carried) {
            throw ApiException.invalid(name + " " + given + " disagrees with the cursor (" + carried
                    + "); send the cursor alone");
        }
    }

    private static ByteBuf write(Exchange exchange, Page page) {
        int size = PREFIX.length + 100 + COUNT.length + 4 + RESULTS.length + SUFFIX.length + page.resultCount();
        for (int i = 0; i < page.resultCount(); i++) {
            size += page.resultLength(i);
        }
        ByteBuf out = exchange.alloc().buffer(size);
        out.writeBytes(PREFIX);
        if (page.cursor() == null) {
            out.writeBytes(NULL);
        } else {
            out.writeByte('"').writeCharSequence(page.cursor(), StandardCharsets.US_ASCII);
            out.writeByte('"');
        }
        out.writeBytes(COUNT);
        out.writeCharSequence(Integer.toString(page.resultCount()), StandardCharsets.US_ASCII);
        out.writeBytes(RESULTS);
        for (int i = 0; i < page.resultCount(); i++) {
            if (i > 0) {
                out.writeByte(',');
            }
            out.writeBytes(page.buffer(), page.resultOffset(i), page.resultLength(i));
        }
        out.writeBytes(SUFFIX);
        return out;
    }
}
