package io.ticketd.tools.datadir;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.ticketd.engine.journal.Journal;
import io.ticketd.engine.journal.JournalException;
import io.ticketd.engine.journal.JournalRecord;
import io.ticketd.engine.journal.RecordType;
import io.ticketd.tools.FailureMessage;
import io.ticketd.tools.PersistDateConverter;
import io.ticketd.tools.ProgressLine;
import io.ticketd.tools.TicketdCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@code ticketd journal dump}: every journal record that matches the filters, as
 * one line of NDJSON each, in journal (hence persistDate) order. A ticket line
 * carries the record's header fields and, under {@code "ticket"}, the stored JSON
 * document copied byte for byte (as a page of the API returns it); a station line
 * carries the monitoring push.
 *
 * <p>Streaming, in constant memory: one reused {@link JournalRecord}, one line at a
 * time. The NDJSON is UTF-8 whatever the platform's default charset, written as bytes
 * to standard output (or to {@code --output}). Read-only ({@link Journal#openReadOnly}: the journal is never changed) and
 * offline: it holds the data directory's lock, so no server appends meanwhile.
 *
 * <p>Thread-safety: a picocli command object, used by one thread.
 */
@Command(name = "dump",
        mixinStandardHelpOptions = true,
        versionProvider = TicketdCommand.ManifestVersion.class,
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
                "Read-only: the journal is never changed. Offline: refuses to run while a server (or another tool)"
                        + " holds the data directory. With --output, a progress line shows on a terminal.",
                "Exit status: 0 done; 1 a record does not decode, or the data directory is in use; 2 bad usage or an"
                        + " I/O error.%n"},
        footerHeading = "%nExamples:%n",
        footer = {"  ticketd journal dump --data-dir /var/lib/ticketd --output journal.ndjson",
                "  ticketd journal dump --type ticket --store store-1 \\",
                "      --from 2026-01-01T00:00:00Z --to 2026-02-01T00:00:00Z | jq -c .ticket",
                "  ticketd journal dump --type station --account acct_… --from 1767225600000000"})
public final class JournalDumpCommand extends OfflineCommand {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final int BUFFER_BYTES = 1 << 16;

    @Option(names = "--type", paramLabel = "ticket|station", converter = RecordTypeConverter.class,
            description = "Only records of this type. Default: both.")
    private RecordType type;

    @Option(names = "--account", paramLabel = "<accountId>", description = "Only records of this account.")
    private String account;

    @Option(names = "--store", paramLabel = "<storeId>",
            description = "Only records of this store (for station records: this station).")
    private String store;

    @Option(names = "--from", paramLabel = "<persistDate>", converter = PersistDateConverter.class,
            description = "Only records with a persistDate of at least this: " + PersistDateConverter.FORMS + ".")
    private Long from;

    @Option(names = "--to", paramLabel = "<persistDate>", converter = PersistDateConverter.class,
            description = "Only records with a persistDate of at most this (same forms as --from).")
    private Long to;

    @Option(names = "--output", paramLabel = "<file>",
            description = "Write the NDJSON to this file (replaced if it exists) instead of standard output.")
    private Path output;

    private final OutputStream standardOutput;
    private byte[] accountBytes;
    private byte[] storeBytes;

    /** The command as {@code ticketd journal dump} runs it: NDJSON to the process's standard output. */
    public JournalDumpCommand() {
        this(new FileOutputStream(FileDescriptor.out));
    }

    /** The command writing what would go to standard output to {@code standardOutput} instead. */
    JournalDumpCommand(OutputStream standardOutput) {
        this.standardOutput = standardOutput;
    }

    @Override
    public Integer call() throws IOException {
        if (from != null && to != null && to < from) {
            throw new ParameterException(spec.commandLine(), "--to " + to + " is before --from " + from);
        }
        accountBytes = account == null ? null : account.getBytes(StandardCharsets.UTF_8);
        storeBytes = store == null ? null : store.getBytes(StandardCharsets.UTF_8);
        return super.call();
    }

    @Override
    int run(Path journalDirectory) throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        Counts counts = new Counts();
        try (Journal journal = Journal.openReadOnly(journalDirectory)) {
            if (output == null) {
                OutputStream out = new BufferedOutputStream(standardOutput, BUFFER_BYTES);
                try {
                    dump(journal, out, new ProgressLine(err, false), counts);
                    out.flush();
                } catch (IOException e) {
                    return FailureMessage.report(spec, "ticketd", "cannot write to standard output after "
                            + counts.written + " records: " + FailureMessage.describe(e), e, ExitCode.USAGE_OR_IO);
                }
            } else {
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(output), BUFFER_BYTES);
                     ProgressLine progress = ProgressLine.forTerminal(err)) {
                    dump(journal, out, progress, counts);
                }
                PrintWriter report = spec.commandLine().getOut();
                report.println(String.format(Locale.ROOT, "ticketd journal dump: %,d of %,d records written to %s",
                        counts.written, counts.read, output));
                report.flush();
            }
        }
        if (counts.failure != null) {
            return FailureMessage.report(spec, "ticketd", counts.failure, null, ExitCode.PROBLEM);
        }
        return ExitCode.OK;
    }

    /** How far a dump got, and why it stopped early (null when it did not). */
    private static final class Counts {
        long read;
        long written;
        String failure;
    }

    private void dump(Journal journal, OutputStream out, ProgressLine progress, Counts counts) throws IOException {
        JournalRecord record = new JournalRecord();
        try (Journal.Reader reader = journal.reader().toStart();
             JsonGenerator json = JSON.createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.setRootValueSeparator(null);
            try {
                while (reader.next(record)) {
                    counts.read++;
                    progress.update("records read", counts.read);
                    if (matches(record)) {
                        write(json, record);
                        counts.written++;
                    }
                }
            } catch (JournalException e) {
                counts.failure = e.getMessage() + "; the dump stopped there, after " + counts.read
                        + " records (run 'ticketd journal verify')";
            }
            json.flush();
        }
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
