package io.ticketd.engine.query;

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
}
