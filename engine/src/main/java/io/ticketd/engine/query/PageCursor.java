package io.ticketd.engine.query;

import java.util.Objects;

/**
 * A decoded, verified cursor: where the previous page stopped and the query it
 * continues. The account is not carried in clear; the cursor was checked to belong
 * to the account that presented it.
 *
 * @param storeFilter     the store the query is limited to, or null for the whole account
 * @param lastPersistDate the next page starts strictly after this persistDate
 * @param endDate         the query's inclusive upper bound
 * @param pageSize        results per page, 1 to 50
 */
public record PageCursor(String storeFilter, long lastPersistDate, long endDate, int pageSize) {

    /**
     * Checks that the cursor continues a query over {@code storeId} (null: the whole
     * account), for a request that names its store filter alongside the cursor.
     */
    public void requireStoreFilter(String storeId) throws InvalidCursorException {
        if (!Objects.equals(storeFilter, storeId)) {
            throw new InvalidCursorException(InvalidCursorException.Reason.WRONG_STORE_FILTER,
                    "cursor was issued for " + (storeFilter == null ? "every store of the account" : "storeId " + storeFilter)
                            + ", not for " + (storeId == null ? "every store" : "storeId " + storeId));
        }
    }
}
