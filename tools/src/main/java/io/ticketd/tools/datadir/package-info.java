/**
 * The offline data-directory tools: {@code ticketd journal dump|verify} read the
 * journal (read-only, without the data directory's lock, so they also work while a
 * server runs), and {@code ticketd index rebuild|verify} derive the index from the
 * journal or check it against the journal (offline: they take the lock, so the
 * server must be stopped).
 *
 * <p>Exit status of every command: 0 when it did its work and found nothing wrong,
 * 1 when it found a problem (a record that does not decode, an index that disagrees
 * with the journal) or the data directory is in use, 2 on invalid usage or an I/O
 * error.
 */
package io.ticketd.tools.datadir;
