package io.ticketd.tools.datadir;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.ticketd.engine.journal.Journal;
import io.ticketd.engine.journal.JournalException;
import io.ticketd.engine.journal.JournalRecord;
import io.ticketd.engine.journal.RecordType;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ticketd journal dump}: every journal record that matches the filters, as
 * one line of NDJSON each, in journal (hence persistDate) order. A ticket line
 * carries the record's header fields and, under {@code "ticket"}, the stored JSON
 * document copied byte for byte (as a page of the API returns it); a station line
 * carries the monitoring push.
 *
 * <p>Streaming, in constant memory: one reused {@link JournalRecord}, one line at a
 * time. Read-only and lock-free (see {@link Journal#openReadOnly}); the dump stops
 * at the last record the journal held when it started, so a busy server does not
 * keep it running.
 *
 * <p>Thread-safety: a picocli command object, used by one thread.
 */
@Command(name = "dump",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        sortOptions = false,
        exitCodeOnExecutionException = ExitCode.USAGE_OR_IO,
        description = {"Prints the journal's records as NDJSON, one record a line, in persistDate order.",
                "Ticket lines: {\"type\":\"ticket\",\"journalIndex\":\"<hex>\",\"persistDate\":…,\"account\":…,"
                        + "\"storeId\":…,\"ticketId\":…,\"revision\":…,\"contentHash\":\"<32 hex>\","
                        + "\"ticket\":<the stored document>}.",
                "Station lines: {\"type\":\"station\",\"journalIndex\":…,\"persistDate\":…,\"account\":…,"
                        + "\"storeId\":…,\"status\":…,\"time\":…,\"receivedFromCloud\":…|null,"
                        + "\"cloudOnline\":…|null}.",
                "Read-only and safe while a server runs on the data directory.",
                "Exit status: 0 done; 1 a record does not decode; 2 bad usage or an I/O error.%n"})
public final class JournalDumpCommand implements Callable<Integer> {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    /** Standard output swallows write errors; it is asked for them every 4,096 lines (see {@link #outputFailed}). */
    private static final long OUTPUT_CHECK_MASK = 4095;

    @Spec
    private CommandSpec spec;

    @Mixin
    private final DataDirectoryOption dataDirectory = new DataDirectoryOption();

    @Option(names = "--type", paramLabel = "ticket|station", converter = RecordTypeConverter.class,
            description = "Only records of this type. Default: both.")
    private RecordType type;

    @Option(names = "--account", paramLabel = "<accountId>", description = "Only records of this account.")
    private String account;

    @Option(names = "--store", paramLabel = "<storeId>",
            description = "Only records of this store (for station records: this station).")
    private String store;

    @Option(names = "--from", paramLabel = "<micros>",
            description = "Only records with a persistDate of at least this (microseconds since the epoch).")
    private Long from;

    @Option(names = "--to", paramLabel = "<micros>",
            description = "Only records with a persistDate of at most this (microseconds since the epoch).")
    private Long to;

    @Option(names = "--output", paramLabel = "<file>",
            description = "Write the NDJSON to this file (UTF-8, replaced if it exists) instead of standard output.")
    private Path output;

    private byte[] accountBytes;
    private byte[] storeBytes;

    @Override
    public Integer call() throws IOException {
        if (from != null && to != null && to < from) {
            throw new ParameterException(spec.commandLine(), "--to " + to + " is before --from " + from);
        }
        Path journalDirectory = dataDirectory.journal(spec);
        accountBytes = account == null ? null : account.getBytes(StandardCharsets.UTF_8);
        storeBytes = store == null ? null : store.getBytes(StandardCharsets.UTF_8);
        try (Journal journal = Journal.openReadOnly(journalDirectory)) {
            if (output == null) {
                PrintWriter out = spec.commandLine().getOut();
                Counts counts = dump(journal, out, new ProgressLine(spec.commandLine().getErr(), false));
                if (outputFailed(out)) {
                    return fail(ExitCode.USAGE_OR_IO, "cannot write to standard output after " + counts.written
                            + " records");
                }
                return counts.failure == null ? ExitCode.OK : fail(ExitCode.PROBLEM, counts.failure);
            }
            Counts counts;
            try (Writer out = Files.newBufferedWriter(output, StandardCharsets.UTF_8);
                 ProgressLine progress = ProgressLine.forTerminal(spec.commandLine().getErr())) {
                counts = dump(journal, out, progress);
            }
            spec.commandLine().getOut().println(String.format(Locale.ROOT,
                    "ticketd journal dump: %,d of %,d records written to %s", counts.written, counts.read, output));
            spec.commandLine().getOut().flush();
            return counts.failure == null ? ExitCode.OK : fail(ExitCode.PROBLEM, counts.failure);
        }
    }

    /** How far a dump got, and why it stopped early (null when it did not). */
    private static final class Counts {
        long read;
        long written;
        String failure;
    }

    private Counts dump(Journal journal, Writer out, ProgressLine progress) throws IOException {
        Counts counts = new Counts();
        long last = journal.lastIndex();
        JournalRecord record = new JournalRecord();
        try (Journal.Reader reader = journal.reader().toStart();
             JsonGenerator json = JSON.createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.setRootValueSeparator(null);
            try {
                while (reader.next(record) && record.index() <= last) {
                    counts.read++;
                    progress.update("records read", counts.read);
                    if (matches(record)) {
                        write(json, record);
                        counts.written++;
                        boolean check = (counts.written & OUTPUT_CHECK_MASK) == 0;
                        if (check && out instanceof PrintWriter p && outputFailed(p)) {
                            break; // standard output is closed (a pipe whose reader left): reported by the caller
                        }
                    }
                }
            } catch (JournalException e) {
                counts.failure = e.getMessage() + "; the dump stopped there, after " + counts.read
                        + " records (run 'ticketd journal verify')";
            }
            json.flush();
        }
        return counts;
    }

    /**
     * Whether writing to standard output failed. Picocli's writer wraps {@code System.out}
     * in an {@code OutputStreamWriter}, so the error flag {@code System.out} sets when
     * the pipe closes does not reach the writer's own: both are asked.
     */
    private static boolean outputFailed(PrintWriter out) {
        return out.checkError() || System.out.checkError();
    }

    private int fail(int exitCode, String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("ticketd: " + message);
        err.flush();
        return exitCode;
    }

    private boolean matches(JournalRecord record) {
        if (type != null && record.type() != type) {
            return false;
        }
        if (from != null && record.persistDate() < from || to != null && record.persistDate() > to) {
            return false;
        }
        if (accountBytes != null && !regionEquals(record.keys(), 0, record.accountLength(), accountBytes)) {
            return false;
        }
        return storeBytes == null
                || regionEquals(record.keys(), record.accountLength(), record.storeLength(), storeBytes);
    }

    private static boolean regionEquals(byte[] keys, int offset, int length, byte[] expected) {
        return length == expected.length
                && Arrays.equals(keys, offset, offset + length, expected, 0, expected.length);
    }

    private static void write(JsonGenerator json, JournalRecord record) throws IOException {
        json.writeStartObject();
        if (record.type() == RecordType.TICKET) {
            json.writeStringField("type", "ticket");
            writeHeader(json, record);
            json.writeStringField("ticketId", record.ticketId());
            json.writeNumberField("revision", record.revision());
            json.writeStringField("contentHash", contentHash(record.hashHigh(), record.hashLow()));
            json.writeFieldName("ticket");
            json.writeRawValue(record.jsonString());
        } else {
            json.writeStringField("type", "station");
            writeHeader(json, record);
            json.writeNumberField("status", record.stationStatus());
            json.writeNumberField("time", record.pushTime());
            json.writeFieldName("receivedFromCloud");
            if (record.hasReceivedFromCloud()) {
                json.writeNumber(record.receivedFromCloud());
            } else {
                json.writeNull();
            }
            Boolean cloudOnline = record.cloudOnline();
            json.writeFieldName("cloudOnline");
            if (cloudOnline == null) {
                json.writeNull();
            } else {
                json.writeBoolean(cloudOnline);
            }
        }
        json.writeEndObject();
        json.writeRaw('\n');
    }

    private static void writeHeader(JsonGenerator json, JournalRecord record) throws IOException {
        json.writeStringField("journalIndex", Long.toHexString(record.index()));
        json.writeNumberField("persistDate", record.persistDate());
        json.writeStringField("account", record.account());
        json.writeStringField("storeId", record.store());
    }

    /** The 128-bit content hash as 32 hex digits, high half first. */
    static String contentHash(long high, long low) {
        char[] hex = new char[32];
        for (int i = 0; i < 16; i++) {
            hex[15 - i] = HEX[(int) (high >>> (4 * i)) & 0xF];
            hex[31 - i] = HEX[(int) (low >>> (4 * i)) & 0xF];
        }
        return new String(hex);
    }

    /** {@code ticket} or {@code station}, in any case. */
    static final class RecordTypeConverter implements ITypeConverter<RecordType> {
        @Override
        public RecordType convert(String value) {
            switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "ticket":
                    return RecordType.TICKET;
                case "station":
                    return RecordType.STATION_STATUS;
                default:
                    throw new TypeConversionException("must be ticket or station, got '" + value + "'");
            }
        }
    }
}
