/**
 * The offline data-directory tools: {@code ticketd journal dump|verify} read the
 * journal, and {@code ticketd index rebuild|verify} derive the index from the journal
 * or check it against the journal. All of them hold the data directory's lock while
 * they run (so they refuse to start while a server runs on the directory, and no
 * server starts meanwhile), and all of them open the journal read-only: they never
 * change it.
 *
 * <p>Exit status of every command: 0 when it did its work and found nothing wrong,
 * 1 when it found a problem (a record that does not decode, an index that disagrees
 * with the journal) or the data directory is in use, 2 on invalid usage or an I/O
 * error.
 */
package io.ticketd.tools.datadir;
