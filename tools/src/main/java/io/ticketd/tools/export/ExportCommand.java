package io.ticketd.tools.export;

import io.ticketd.tools.FailureMessage;
import io.ticketd.tools.PersistDateConverter;
import io.ticketd.tools.ProgressLine;
import io.ticketd.tools.TicketdCommand;
import io.ticketd.tools.admin.ApiClient;
import io.ticketd.tools.admin.ApiCredential;
import io.ticketd.tools.admin.ApiErrorException;
import io.ticketd.tools.admin.ClientSetupException;
import io.ticketd.tools.admin.ServerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * {@code ticketd export}: writes the tickets of an account, or of one of its stores,
 * received in a persistDate range, as NDJSON: one stored ticket document a line, in
 * persistDate order, as the tickets API returns them. It pages with the cursor until
 * the range is exhausted, or, for a range that ends in the future, until it has caught
 * up with the tickets received so far; memory stays at one page whatever the range.
 *
 * <p>Each line is the result's bytes as the server sent them ({@link TicketPageReader}
 * finds them, {@link NdjsonOutput} writes them; only whitespace outside strings of a
 * ticket that was sent pretty-printed is dropped, to keep it on one line). A 503 is
 * retried after its {@code Retry-After}, at most {@value #MAX_ATTEMPTS} tries a page.
 *
 * <p>Exit codes: 0 exported (also when the range holds no ticket); 1 the server refused
 * (its status, code and message are printed), or writing failed; 2 bad usage, no
 * server at {@code --url}, or no readable credential. With {@code --output} a failed
 * export leaves no file behind.
 *
 * <p>Not thread-safe: picocli builds one per invocation.
 */
@Command(name = "export",
        mixinStandardHelpOptions = true,
        versionProvider = TicketdCommand.ManifestVersion.class,
        usageHelpAutoWidth = true,
        sortOptions = false,
        description = {
                "Exports the tickets of an account, or of one store, that the server received in a persistDate range,"
                        + " as NDJSON: one stored ticket a line, in persistDate order, exactly as the tickets API"
                        + " returns it (with persistDate and revision).",
                "Credentials: an access key with tickets:read or a store's credential (--credentials), or the admin"
                        + " credential file with --account. A progress line shows on a terminal; a summary line ends"
                        + " on stderr.",
                "Exit status: 0 exported (also when the range is empty); 1 the server refused, or writing failed;"
                        + " 2 bad usage, no server reachable at --url, or no readable credential."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  # every ticket of an account so far, with ./data/admin.credentials:",
                "  ticketd export --account acct_… --output acme.ndjson",
                "  # one store's January 2026, with an access key that has tickets:read:",
                "  ticketd export --credentials 'AKI=ak_…;AKS=sk_…' --store store-1 \\",
                "      --from 2026-01-01 --to 2026-01-31T23:59:59.999999Z --output jan.ndjson",
                "  # a store's tickets with its own credential, compressed on the fly:",
                "  ticketd export --credentials \"$(cat store-1.key)\" | gzip > store-1.ndjson.gz"})
public final class ExportCommand implements Callable<Integer> {
    /** Tries of one page when the server answers 503. */
    static final int MAX_ATTEMPTS = 10;
    /** The longest wait a Retry-After is followed for. */
    static final long MAX_RETRY_AFTER_SECONDS = 60;
    static final String COMMAND = "ticketd export";
    static final int MAX_PAGE_SIZE = 50;

    @Spec
    private CommandSpec spec;

    @Mixin
    private final ServerOptions server = new ServerOptions();

    @Option(names = "--credentials", paramLabel = "AKI=…;AKS=…",
            description = "An access key with tickets:read, or a store's credential (which reads its own store)."
                    + " Without it, the admin credential of --admin-credentials is used, and --account is required.")
    private String credentials;

    @Option(names = "--account", paramLabel = "ACCOUNT_ID",
            description = "The account to export (pages /cpos/{accountId}/apip/tickets). Required with the admin"
                    + " credential; with --credentials, default: the credential's own account.")
    private String account;

    @Option(names = "--store", paramLabel = "STORE_ID",
            description = "Only this store's tickets. Default: every store the credential reads.")
    private String store;

    @Option(names = "--from", paramLabel = "PERSIST_DATE", defaultValue = "0", converter = PersistDateConverter.class,
            description = "Start of the range, inclusive: " + PersistDateConverter.FORMS + ". Default: ${DEFAULT-VALUE}.")
    private long from;

    @Option(names = "--to", paramLabel = "PERSIST_DATE", converter = PersistDateConverter.class,
            description = "End of the range, inclusive (same forms as --from). Default: now, on the server's clock"
                    + " when the export starts. A --to in the future ends the export once every ticket received so far"
                    + " is written.")
    private Long to;

    @Option(names = "--output", paramLabel = "FILE",
            description = "Write to this file (created complete, mode 0600, or not at all; an existing one is"
                    + " replaced). Default: standard output.")
    private Path output;

    @Option(names = "--page-size", paramLabel = "N", defaultValue = "50", converter = PageSizeConverter.class,
            description = "Tickets a request, 1 to 50. Default: ${DEFAULT-VALUE}.")
    private int pageSize;

    private final Supplier<OutputStream> standardOutput;

    /** The command as {@code ticketd export} runs it: NDJSON to the process's standard output. */
    public ExportCommand() {
        this(() -> new FileOutputStream(FileDescriptor.out));
    }

    /** The command writing what would go to standard output to {@code standardOutput} instead. */
    ExportCommand(OutputStream standardOutput) {
        this(() -> standardOutput);
    }

    private ExportCommand(Supplier<OutputStream> standardOutput) {
        this.standardOutput = standardOutput;
    }

    @Override
    public Integer call() {
        checkUsage();
        ApiClient api;
        try {
            ApiCredential credential = credentials != null
                    ? ApiCredential.fromArgument("--credentials", credentials)
                    : server.adminCredential();
            api = new ApiClient(server.url(), credential);
        } catch (ClientSetupException e) {
            return FailureMessage.report(spec, COMMAND, e.getMessage(), e, 2);
        }
        NdjsonOutput out;
        try {
            out = output == null ? NdjsonOutput.toStream(standardOutput.get()) : NdjsonOutput.toFile(output);
        } catch (IOException e) {
            return FailureMessage.report(spec, COMMAND, "cannot write " + output + ": " + FailureMessage.describe(e),
                    e, 2);
        }
        long start = System.nanoTime();
        ProgressLine progress = ProgressLine.forTerminal(spec.commandLine().getErr());
        try (out) {
            export(api, out, progress);
            out.commit();
        } catch (ApiErrorException e) {
            progress.clear();
            return FailureMessage.report(spec, COMMAND, e.describe() + afterFailure(out), e, 1);
        } catch (ClientSetupException e) {
            progress.clear();
            return FailureMessage.report(spec, COMMAND, e.getMessage() + afterFailure(out), e, 2);
        } catch (IOException e) {
            progress.clear();
            return FailureMessage.report(spec, COMMAND, FailureMessage.describe(e) + afterFailure(out), e, 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            progress.clear();
            return FailureMessage.report(spec, COMMAND, "interrupted" + afterFailure(out), e, 1);
        }
        progress.clear();
        double seconds = (System.nanoTime() - start) / 1e9;
        PrintWriter err = spec.commandLine().getErr();
        err.println(String.format(Locale.ROOT, "%s: %,d tickets written to %s in %.1f s", COMMAND, out.lines(),
                out.description(), seconds));
        err.flush();
        return 0;
    }

    private void checkUsage() {
        boolean adminGiven = spec.commandLine().getParseResult().hasMatchedOption("--admin-credentials");
        if (credentials != null && adminGiven) {
            throw new ParameterException(spec.commandLine(), "give --credentials or --admin-credentials, not both");
        }
        if (credentials == null && account == null) {
            throw new ParameterException(spec.commandLine(), "--account is required with the admin credential;"
                    + " or give --credentials with an access key or a store's credential");
        }
        if (to != null && to < from) {
            throw new ParameterException(spec.commandLine(), "--to (" + to + ") is before --from (" + from + ")");
        }
    }

    /**
     * Pages through the range, writing every result, until the cursor is null or a page
     * is empty. The API answers an empty page with a cursor when the range goes on past
     * the tickets received so far (a {@code --to} in the future): every ticket there is
     * has been written, and following the cursor would only wait for the clock.
     */
    private void export(ApiClient api, NdjsonOutput out, ProgressLine progress)
            throws ApiErrorException, ClientSetupException, IOException, InterruptedException {
        String path = account == null ? "/apip/tickets" : "/cpos/" + ApiClient.encode(account) + "/apip/tickets";
        StringBuilder first = new StringBuilder(path).append("?startDate=").append(from);
        if (to != null) {
            first.append("&endDate=").append(to);
        }
        first.append("&maxPageSize=").append(pageSize);
        if (store != null) {
            first.append("&storeId=").append(ApiClient.encode(store));
        }
        String next = first.toString();
        while (next != null) {
            byte[] body = fetch(api, next);
            TicketPageReader.Page page = TicketPageReader.read(body);
            for (int i = 0; i < page.resultCount(); i++) {
                out.writeLine(body, page.offset(i), page.length(i));
            }
            progress.update("tickets written", out.lines());
            boolean caughtUp = page.resultCount() == 0; // the rest of the range is later than every ticket so far
            next = page.cursor() == null || caughtUp ? null : path + "?cursor=" + ApiClient.encode(page.cursor());
        }
    }

    /** GETs one page; a 503 is tried again after its Retry-After, up to {@value #MAX_ATTEMPTS} tries. */
    private static byte[] fetch(ApiClient api, String pathAndQuery)
            throws ApiErrorException, ClientSetupException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            HttpResponse<byte[]> response = api.send("GET", pathAndQuery, null);
            int status = response.statusCode();
            if (status / 100 == 2) {
                return response.body();
            }
            if (status != 503) {
                throw ApiErrorException.of(status, response.body());
            }
            if (attempt == MAX_ATTEMPTS) {
                throw ApiErrorException.of(status, response.body()).withDetail("(gave up after " + attempt
                        + " tries)");
            }
            await(retryAfterNanos(response));
        }
    }

    /** The wait a 503 asks for: its Retry-After in seconds (1 when absent or a date), at most a minute. */
    static long retryAfterNanos(HttpResponse<?> response) {
        long seconds = 1;
        String value = response.headers().firstValue("Retry-After").orElse("").strip();
        if (!value.isEmpty() && value.chars().allMatch(Character::isDigit) && value.length() < 10) {
            seconds = Math.min(Long.parseLong(value), MAX_RETRY_AFTER_SECONDS);
        }
        return TimeUnit.SECONDS.toNanos(seconds);
    }

    /** Waits {@code nanos}, or until interrupted. */
    private static void await(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    private static String afterFailure(NdjsonOutput out) {
        if (out.description().equals("standard output")) {
            return " (" + out.lines() + " tickets were written before the failure)";
        }
        return " (" + out.description() + " was not written)";
    }

    /** {@code --page-size}: 1 to {@value #MAX_PAGE_SIZE}, the API's bounds. */
    static final class PageSizeConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int size;
            try {
                size = Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("must be a whole number from 1 to " + MAX_PAGE_SIZE + ", got '"
                        + value + "'");
            }
            if (size < 1 || size > MAX_PAGE_SIZE) {
                throw new TypeConversionException("must be 1 to " + MAX_PAGE_SIZE + ", got " + size);
            }
            return size;
        }
    }
}
