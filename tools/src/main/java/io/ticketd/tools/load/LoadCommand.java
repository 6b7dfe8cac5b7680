package io.ticketd.tools.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpMethod;
import io.ticketd.api.ServerConfig;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code ticketd load}: drives a ticketd server with the reference workload (or an
 * NDJSON file) through the benchmark phases, measures throughput and latency, then
 * pages everything back and verifies that every acknowledged ticket is there once,
 * in persistDate order, with its content intact. Exits 1 on any loss, repeat or
 * mismatch, or a request that failed (a 503 is retried, not failed); 2 on bad usage or
 * when the server cannot be reached or set up.
 */
@Command(name = "load", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Load-test a ticketd server and verify every acknowledged ticket is paged back intact.%n",
                "Phases: ingest-single (1 ticket a request, 1 then 32 connections), ingest-batch (--batch tickets a"
                        + " request), page-1t and page-2t (random store walks, pages of 50, one and two walkers), mixed"
                        + " (batch ingest while one walker pages).%n",
                "Exit status: 0 when every request succeeded (503s are retried) and every acknowledged ticket was paged"
                        + " back once, in order and unchanged; 1 otherwise; 2 on bad usage or when the server cannot be"
                        + " reached or set up.%n"})
public final class LoadCommand implements Callable<Integer> {
    static final List<String> PHASES = List.of("ingest-single-1c", "ingest-single-32c", "ingest-batch", "page-1t",
            "page-2t", "mixed");

    @Spec
    CommandSpec spec;

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "Server base URL (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--admin-credentials", paramLabel = "FILE",
            description = "Admin credential file (AKI=…;AKS=…): the tool creates its own account, stores and credentials.")
    Path adminCredentials;

    @Option(names = "--credentials", paramLabel = "AKI=…;AKS=…",
            description = "An access key with tickets:read and tickets:write of an existing account (stores must exist).")
    String credentials;

    @Option(names = "--tickets", defaultValue = "200000", description = "Tickets per ingest phase (default: ${DEFAULT-VALUE}).")
    long tickets;

    @Option(names = "--stores", defaultValue = "100", description = "Stores of the generated workload (default: ${DEFAULT-VALUE}).")
    int stores;

    @Option(names = "--batch", defaultValue = "100", description = "Tickets a request in ingest-batch and mixed (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--connections", defaultValue = "8", description = "Connections for ingest-batch and mixed (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--rate", paramLabel = "TICKETS_PER_SECOND",
            description = "Open loop at this rate, latency from each request's due time; default: as fast as acknowledged.")
    double rate;

    @Option(names = "--page-rate", paramLabel = "PAGES_PER_SECOND",
            description = "Page phases and the mixed phase's pager: open loop at this many pages a second (all"
                    + " walkers together), latency from each page's due time; default: each walker as fast as"
                    + " answered.")
    double pageRate;

    @Option(names = "--duration", defaultValue = "15", paramLabel = "SECONDS",
            description = "Time limit of each phase; page phases run this long (default: ${DEFAULT-VALUE}).")
    long duration;

    @Option(names = "--input", paramLabel = "FILE.ndjson", description = "Send the tickets of this NDJSON file instead of generating them.")
    Path input;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the generated workload (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--phase", defaultValue = "all", split = ",",
            description = "Phases to run, comma-separated: all, ingest-single (both of:) ingest-single-1c,"
                    + " ingest-single-32c, ingest-batch, page-1t, page-2t, mixed.")
    List<String> phases;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the figures as JSON to this file.")
    Path json;

    @Option(names = "--server-pid", paramLabel = "PID", description = "Report this local server process's CPU time per phase.")
    Long serverPid;

    @Option(names = "--warmup", defaultValue = "0", paramLabel = "SECONDS",
            description = "Before measuring, run this long to warm both JITs (the server's and this tool's): a quarter"
                    + " batch ingest, a quarter two walkers paging it, then single-ticket requests on 32 connections,"
                    + " during which the batch ingest's background writes settle (default: ${DEFAULT-VALUE}).")
    long warmup;

    @Override
    public Integer call() throws Exception {
        List<String> selected = selectedPhases();
        String unusable = badOption();
        if (unusable == null) {
            unusable = unusableInput();
        }
        if (unusable != null) {
            error(unusable);
            return 2;
        }
        URI base = URI.create(url);
        LoadSetup setup;
        String storePrefix = "";
        List<PhaseResult> results = new ArrayList<>();
        List<PhaseResult> warmups = new ArrayList<>();
        Verifier.Result verification;
        try (LoadHttpClient client = new LoadHttpClient(base, 2); LoadProgress progress = LoadProgress.forConsole()) {
            LoadHttpClient.Connection control;
            try {
                control = client.connect();
            } catch (IOException e) {
                error("cannot reach " + url + ": " + e.getMessage());
                return 2;
            }
            try {
                if (adminCredentials == null) {
                    setup = LoadSetup.existing(credentials, storeIds(""));
                    Http.Reply probe = Http.call(control, HttpMethod.GET, "/apip/tickets?startDate=0&endDate=1&maxPageSize=1",
                            setup.accountKey(), null);
                    if (probe.status() != 200) {
                        error("the server refused --credentials: HTTP " + probe.status() + " "
                                + probe.body());
                        return 2;
                    }
                } else {
                    String admin = readCredential(adminCredentials);
                    try {
                        setup = LoadSetup.create(control, admin, storeIds(""));
                    } catch (LoadSetup.StoreExistsException e) {
                        if (input != null) {
                            throw new IOException(e.getMessage() + "; the tickets of " + input + " use it: run against"
                                    + " a fresh server, or use --credentials with a key of the account that owns it");
                        }
                        storePrefix = "L" + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36) + "-";
                        System.out.println("ticketd load: the workload's stores exist already on this server;"
                                + " this run's store ids are prefixed with " + storePrefix);
                        setup = LoadSetup.create(control, admin, storeIds(storePrefix));
                    }
                }
            } catch (IOException e) {
                error("cannot set up against " + url + ": " + e.getMessage());
                return 2;
            }
            System.out.println("ticketd load: account " + setup.account() + ", " + setup.stores().size() + " stores, against "
                    + url);
            AckLedger ledger = new AckLedger(expectedAcknowledgements(selected));
            try (TicketSource source = input != null ? TicketSource.file(input)
                    : TicketSource.generated(seed, stores, TicketGenerator.DEFAULT_START_MICROS,
                    TicketGenerator.DEFAULT_BACKDATE_FRAC, storePrefix)) {
                IngestPhase.Credentials creds = IngestPhase.Credentials.of(setup.accountKey(), setup.storeCredentials());
                if (warmup > 0) {
                    warmups.addAll(warmUp(client, progress, source, creds, setup, ledger));
                }
                long nanos = TimeUnit.SECONDS.toNanos(duration);
                for (String phase : selected) {
                    switch (phase) {
                        case "ingest-single-1c" -> results.add(ingest(client, progress, phase, 1, 1, tickets, nanos,
                                rate, source, creds, ledger));
                        case "ingest-single-32c" -> results.add(ingest(client, progress, phase, 32, 1, tickets, nanos,
                                rate, source, creds, ledger));
                        case "ingest-batch" -> results.add(ingest(client, progress, "ingest-batch", connections, batch,
                                tickets, nanos, rate, source, creds, ledger));
                        case "page-1t" -> results.add(page(client, progress, "page-1t", 1, nanos, pageRate, setup,
                                ledger));
                        case "page-2t" -> results.add(page(client, progress, "page-2t", 2, nanos, pageRate, setup,
                                ledger));
                        case "mixed" -> results.addAll(mixed(client, progress, source, creds, setup, ledger));
                        default -> throw new IllegalStateException(phase);
                    }
                }
            }
            control.close(); // idle through the phases: the server may have closed it already
            LoadHttpClient.Connection verifier = client.connect();
            verification = Verifier.verify(verifier, setup.accountKey(), ledger, progress);
            progress.endPhase();
            verifier.close();
        }
        printSummary(warmups, results, verification);
        if (json != null) {
            writeJson(warmups, results, verification);
        }
        long failed = failedRequests(warmups) + failedRequests(results);
        if (failed > 0) {
            System.out.printf("ticketd load: %,d request(s) failed (errors above): exit status 1%n", failed);
        }
        return verification.ok() && failed == 0 ? 0 : 1;
    }

    /** Prints a problem that ends the run to the command line's error writer (stderr unless a caller set another). */
    private void error(String problem) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("ticketd load: " + problem);
        err.flush();
    }

    /** Requests answered with an error, or not answered, in all phases (503s retried are not errors). */
    private static long failedRequests(List<PhaseResult> results) {
        return results.stream().mapToLong(PhaseResult::failed).sum();
    }

    /** The first option whose value cannot work, named with the value given; null when every one can. */
    private String badOption() {
        if ((adminCredentials == null) == (credentials == null)) {
            return "give either --admin-credentials FILE or --credentials AKI=…;AKS=…";
        }
        if (batch < 1 || batch > ServerConfig.MAX_TICKETS_PER_REQUEST) {
            return "--batch must be 1 to " + ServerConfig.MAX_TICKETS_PER_REQUEST
                    + " tickets a request (the server's limit), got " + batch;
        }
        if (connections < 1) {
            return "--connections must be at least 1, got " + connections;
        }
        if (tickets < 1) {
            return "--tickets must be at least 1, got " + tickets;
        }
        if (stores < 1) {
            return "--stores must be at least 1, got " + stores;
        }
        if (duration < 1) {
            return "--duration must be at least 1 second, got " + duration;
        }
        if (warmup < 0) {
            return "--warmup must not be negative (0: no warm-up), got " + warmup;
        }
        if (!(Double.isFinite(rate) && rate >= 0)) {
            return "--rate must be a number of tickets a second, 0 or more (leave it out for closed loop), got " + rate;
        }
        if (!(Double.isFinite(pageRate) && pageRate >= 0)) {
            return "--page-rate must be a number of pages a second, 0 or more (leave it out for closed loop), got "
                    + pageRate;
        }
        if (serverPid != null && !Files.isReadable(Path.of("/proc", serverPid.toString(), "stat"))) {
            return "--server-pid " + serverPid + ": no such process whose CPU time this tool can read";
        }
        String unwritable = json == null ? null : unwritable(json);
        if (unwritable != null) {
            return "cannot write --json " + json + ": " + unwritable; // found now, not after the whole run
        }
        return null;
    }

    /** Why {@code file} cannot be written (created or replaced), or null when it can. */
    private static String unwritable(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        if (Files.isDirectory(file)) {
            return "it is a directory";
        }
        if (dir == null || !Files.isDirectory(dir)) {
            return "no directory " + dir;
        }
        return (Files.exists(file) ? Files.isWritable(file) : Files.isWritable(dir)) ? null : "not writable";
    }

    /** What makes the files or credential given unusable, checked before connecting; null when they look usable. */
    private String unusableInput() {
        String badUrl = "--url must be http://HOST[:PORT] (plain HTTP/1.1), got '" + url + "'";
        try {
            URI u = new URI(url);
            if (!"http".equalsIgnoreCase(u.getScheme()) || u.getHost() == null
                    || (u.getPath() != null && !u.getPath().isEmpty() && !u.getPath().equals("/"))
                    || u.getQuery() != null) {
                return badUrl;
            }
        } catch (URISyntaxException e) {
            return badUrl;
        }
        String unreadable = unreadable("--input", input);
        if (unreadable == null) {
            unreadable = unreadable("--admin-credentials", adminCredentials);
        }
        if (unreadable != null) {
            return unreadable;
        }
        String malformed = credentials == null ? null : LoadSetup.malformed(credentials);
        if (malformed != null) {
            return "--credentials must be an access key, AKI=<key id>;AKS=<secret>: " + malformed;
        }
        return null;
    }

    /** Why the file given to {@code option} cannot be read, or null when it can (or none was given). */
    private static String unreadable(String option, Path file) {
        if (file == null || Files.isRegularFile(file) && Files.isReadable(file)) {
            return null;
        }
        return "cannot read " + option + " " + file + ": " + (Files.exists(file) ? "not a readable file" : "no such file");
    }

    /** Tickets the selected ingest phases may send, at most: what the ledger is sized for. */
    private long expectedAcknowledgements(List<String> selected) {
        long ingestPhases = selected.stream().filter(p -> p.startsWith("ingest") || p.equals("mixed")).count();
        return ingestPhases * tickets + (warmup > 0 ? 2 * tickets : 0);
    }

    private List<String> selectedPhases() {
        Set<String> out = new LinkedHashSet<>();
        for (String p : phases) {
            String name = p.trim().toLowerCase(Locale.ROOT);
            if (name.equals("all")) {
                out.addAll(PHASES);
            } else if (name.equals("ingest-single")) {
                out.add("ingest-single-1c");
                out.add("ingest-single-32c");
            } else if (PHASES.contains(name)) {
                out.add(name);
            } else {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "unknown phase '" + p + "'; phases: all, ingest-single, " + String.join(", ", PHASES));
            }
        }
        List<String> ordered = new ArrayList<>();
        for (String p : PHASES) {
            if (out.contains(p)) {
                ordered.add(p);
            }
        }
        return ordered;
    }

    /** The stores the tickets will use: scanned from the input file, or those of the generated workload. */
    private List<String> storeIds(String prefix) throws IOException {
        if (input == null) {
            List<String> ids = new ArrayList<>(stores);
            for (int i = 0; i < stores; i++) {
                ids.add(prefix + String.format("S%04d", i));
            }
            return ids;
        }
        Set<String> ids = new LinkedHashSet<>();
        try (var lines = Files.lines(input, StandardCharsets.UTF_8)) {
            lines.filter(l -> !l.isBlank()).forEach(l -> {
                String id = TicketFields.storeId(l.trim().getBytes(StandardCharsets.UTF_8));
                if (id != null) {
                    ids.add(id);
                }
            });
        }
        if (ids.isEmpty()) {
            throw new IOException(input + " holds no ticket with a storeId");
        }
        return new ArrayList<>(ids);
    }

    private static String readCredential(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8).trim();
        return LoadSetup.header(text);
    }

    /**
     * Ingest on {@code conns} connections, {@code perRequest} tickets a request, until the
     * budget or the time is spent; open loop at {@code ticketsPerSecond} unless it is 0.
     */
    private PhaseResult ingest(LoadHttpClient client, LoadProgress progress, String name, int conns, int perRequest,
                               long budget, long nanos, double ticketsPerSecond, TicketSource source,
                               IngestPhase.Credentials creds, AckLedger ledger) throws Exception {
        List<LoadHttpClient.Connection> cs = connect(client, conns);
        IngestPhase phase = new IngestPhase(name, cs, source, perRequest, budget, nanos, ticketsPerSecond, creds,
                ledger);
        CpuSample cpu = CpuSample.now(serverPid);
        long start = System.nanoTime();
        progress.phase(name, phase.recorder());
        phase.run();
        progress.endPhase();
        PhaseResult r = PhaseResult.of(name, "tickets", phase.recorder(), phase.elapsedNanos(), cpu.since(serverPid));
        close(cs);
        return r;
    }

    /**
     * Runs every code path the phases measure before any is measured, in both JVMs, closed
     * loop whatever {@code --rate} and {@code --page-rate} say: batch
     * ingest for a quarter of {@code --warmup}, two walkers paging what it stored for a
     * quarter, then single tickets on 32 connections for the rest, during which the batch
     * quarter's background writes (memtable flushes, compactions) settle. With single
     * tickets alone, the batch and page paths were compiled inside the first measured
     * phases that took them: 4 - 12 s into ingest-batch, after 15 s of single-ticket
     * warm-up, the JIT's compiler threads were 12 % of the server's samples and 30 % of
     * this tool's (async-profiler; bench/RESULTS.md).
     */
    private List<PhaseResult> warmUp(LoadHttpClient client, LoadProgress progress, TicketSource source,
                                     IngestPhase.Credentials creds, LoadSetup setup, AckLedger ledger) throws Exception {
        long total = TimeUnit.SECONDS.toNanos(warmup);
        long quarter = total / 4;
        List<PhaseResult> parts = new ArrayList<>();
        parts.add(ingest(client, progress, "warm-up-batch", connections, batch, tickets, quarter, 0, source, creds,
                ledger));
        if (ledger.size() > 0) {
            parts.add(page(client, progress, "warm-up-page", 2, quarter, 0, setup, ledger));
        }
        parts.add(ingest(client, progress, "warm-up-single", 32, 1, Long.MAX_VALUE, total - 2 * quarter, 0, source,
                creds, ledger));
        return parts;
    }

    /**
     * Random store walks by {@code walkers} threads over what the ledger holds, for
     * {@code nanos}; open loop at {@code pagesPerSecond} unless it is 0.
     */
    private PhaseResult page(LoadHttpClient client, LoadProgress progress, String name, int walkers, long nanos,
                             double pagesPerSecond, LoadSetup setup, AckLedger ledger) throws Exception {
        if (ledger.size() == 0) {
            throw new IllegalStateException("phase " + name + " pages over ingested tickets; run an ingest phase first");
        }
        List<LoadHttpClient.Connection> cs = connect(client, walkers);
        PagePhase phase = new PagePhase(name, cs, setup.accountKey(), setup.stores(), ledger.firstPersistDate(),
                ledger.lastPersistDate(), nanos, pagesPerSecond);
        CpuSample cpu = CpuSample.now(serverPid);
        long start = System.nanoTime();
        progress.phase(name, phase.recorder());
        phase.run();
        progress.endPhase();
        PhaseResult r = PhaseResult.of(name, "pages", phase.recorder(), System.nanoTime() - start, cpu.since(serverPid));
        close(cs);
        return r;
    }

    private List<PhaseResult> mixed(LoadHttpClient client, LoadProgress progress, TicketSource source,
                                    IngestPhase.Credentials creds, LoadSetup setup, AckLedger ledger) throws Exception {
        List<LoadHttpClient.Connection> ingestConnections = connect(client, connections);
        List<LoadHttpClient.Connection> walker = connect(client, 1);
        long nanos = TimeUnit.SECONDS.toNanos(duration);
        IngestPhase ingest = new IngestPhase("mixed-ingest", ingestConnections, source, batch, tickets, nanos, rate,
                creds, ledger);
        long first = ledger.size() == 0 ? 0 : ledger.firstPersistDate();
        PagePhase page = new PagePhase("mixed-page", walker, setup.accountKey(), setup.stores(), first,
                Math.max(first + 1, ledger.lastPersistDate()), nanos, pageRate);
        CpuSample cpu = CpuSample.now(serverPid);
        long start = System.nanoTime();
        progress.phase("mixed", ingest.recorder());
        Thread pager = new Thread(() -> {
            try {
                page.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "mixed-pager");
        pager.start();
        ingest.run();
        pager.join();
        progress.endPhase();
        long elapsed = System.nanoTime() - start;
        CpuSample.Delta used = cpu.since(serverPid);
        close(ingestConnections);
        close(walker);
        return List.of(PhaseResult.of("mixed-ingest", "tickets", ingest.recorder(), ingest.elapsedNanos(), used),
                PhaseResult.of("mixed-page", "pages", page.recorder(), elapsed, used));
    }

    private static List<LoadHttpClient.Connection> connect(LoadHttpClient client, int n) throws IOException {
        List<LoadHttpClient.Connection> cs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            cs.add(client.connect());
        }
        return cs;
    }

    private static void close(List<LoadHttpClient.Connection> cs) {
        cs.forEach(LoadHttpClient.Connection::close);
    }

    private void printSummary(List<PhaseResult> warmups, List<PhaseResult> results, Verifier.Result v) {
        if (!warmups.isEmpty()) {
            System.out.printf("%nwarm-up, not measured: %s%n", String.join(", ", warmups.stream()
                    .map(w -> String.format("%s %,d %s in %.1f s", w.name().substring("warm-up-".length()), w.ops(),
                            w.unit(), w.seconds())).toList()));
            for (PhaseResult w : warmups) {
                printErrors(w);
            }
        }
        System.out.printf("%n%-18s %10s %8s %11s %9s %9s %9s %9s %8s %8s %10s %10s%n", "phase", "ops", "seconds", "ops/s",
                "p50 ms", "p99 ms", "p99.9 ms", "max ms", "errors", "503s", "client CPU", "server CPU");
        for (PhaseResult r : results) {
            System.out.printf("%-18s %10d %8.1f %11.0f %9.3f %9.3f %9.3f %9.3f %8d %8d %9.1fs %10s%n", r.name(), r.ops(),
                    r.seconds(), r.perSecond(), r.p50Micros() / 1000.0, r.p99Micros() / 1000.0, r.p999Micros() / 1000.0,
                    r.maxMicros() / 1000.0, r.failed(), r.retried503(),
                    r.clientCpuSeconds(), r.serverCpuSeconds() < 0 ? "-" : String.format("%.1fs", r.serverCpuSeconds()));
            printErrors(r);
        }
        System.out.printf("%nverification: %s — %,d acknowledged, %,d paged back, %d missing, %d repeated,"
                        + " %d wrong persistDate, %d changed, %d out of order, %d conflicting acknowledgements%n",
                v.ok() ? "OK" : "FAILED", v.acknowledged(), v.pagedBack(), v.missing(), v.repeated(),
                v.wrongPersistDate(), v.contentChanged(), v.outOfOrder(), v.conflictingAcknowledgements());
        for (String problem : v.problems()) {
            System.out.println("    " + problem);
        }
    }

    private static void printErrors(PhaseResult r) {
        if (!r.errors().isEmpty()) {
            System.out.println("    " + r.name() + " errors by status (0: connection failed, -1: answer unreadable): "
                    + r.errors() + "; the first:");
            r.errorSamples().forEach(e -> System.out.println("      " + e));
        }
    }

    private void writeJson(List<PhaseResult> warmups, List<PhaseResult> results, Verifier.Result v)
            throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("url", url);
        ObjectNode config = root.putObject("config");
        config.put("tickets", tickets).put("stores", stores).put("batch", batch).put("connections", connections)
                .put("rate", rate).put("pageRate", pageRate).put("durationSeconds", duration).put("seed", seed)
                .put("input", input == null ? null : input.toString())
                .put("availableProcessors", Runtime.getRuntime().availableProcessors());
        var warmupNode = root.putArray("warmup");
        for (PhaseResult w : warmups) {
            warmupNode.add(mapper.valueToTree(w.asMap()));
        }
        var phasesNode = root.putArray("phases");
        for (PhaseResult r : results) {
            phasesNode.add(mapper.valueToTree(r.asMap()));
        }
        root.put("failedRequests", failedRequests(warmups) + failedRequests(results));
        ObjectNode ver = root.putObject("verification");
        ver.put("ok", v.ok()).put("acknowledged", v.acknowledged()).put("pagedBack", v.pagedBack())
                .put("missing", v.missing()).put("repeated", v.repeated()).put("wrongPersistDate", v.wrongPersistDate())
                .put("contentChanged", v.contentChanged()).put("outOfOrder", v.outOfOrder())
                .put("conflictingAcknowledgements", v.conflictingAcknowledgements())
                .put("unacknowledgedStored", v.unacknowledgedStored());
        var problems = ver.putArray("problems");
        v.problems().forEach(problems::add);
        mapper.writeValue(json.toFile(), root);
    }

    /** Figures of one phase. */
    record PhaseResult(String name, String unit, long ops, long requests, double seconds, double perSecond,
                       long p50Micros, long p99Micros, long p999Micros, long maxMicros, Map<Integer, Long> errors,
                       List<String> errorSamples, long retried503, double clientCpuSeconds, double serverCpuSeconds) {
        static PhaseResult of(String name, String unit, LatencyRecorder r, long nanos, CpuSample.Delta cpu) {
            Histogram h = r.histogram();
            double seconds = nanos / 1e9;
            return new PhaseResult(name, unit, r.units(), r.requests(), seconds, r.units() / seconds,
                    h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue(),
                    r.errors(), r.errorSamples(), r.retries(), cpu.clientSeconds(), cpu.serverSeconds());
        }

        /** Requests that failed: answered with an error status, or not answered. */
        long failed() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }

        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("unit", unit);
            m.put("ops", ops);
            m.put("requests", requests);
            m.put("seconds", seconds);
            m.put("opsPerSecond", perSecond);
            m.put("latencyMicros", Map.of("p50", p50Micros, "p99", p99Micros, "p999", p999Micros, "max", maxMicros));
            m.put("errorsByStatus", errors);
            m.put("errorSamples", errorSamples);
            m.put("retried503", retried503);
            m.put("clientCpuSeconds", clientCpuSeconds);
            m.put("serverCpuSeconds", serverCpuSeconds);
            return m;
        }
    }

    /** CPU time of this process and, when its pid is given and readable, of the server process. */
    record CpuSample(long clientNanos, long serverTicks) {
        private static final double TICKS_PER_SECOND = 100; // Linux USER_HZ

        static CpuSample now(Long serverPid) {
            return new CpuSample(clientCpuNanos(), serverTicks(serverPid));
        }

        Delta since(Long serverPid) {
            long server = serverTicks(serverPid);
            return new Delta((clientCpuNanos() - clientNanos) / 1e9,
                    server < 0 || serverTicks < 0 ? -1 : (server - serverTicks) / TICKS_PER_SECOND);
        }

        /** CPU seconds used by the client and the server (-1: not measured). */
        record Delta(double clientSeconds, double serverSeconds) {
        }

        private static long clientCpuNanos() {
            var os = ManagementFactory.getOperatingSystemMXBean();
            return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
        }

        private static long serverTicks(Long pid) {
            if (pid == null) {
                return -1;
            }
            try {
                String stat = Files.readString(Path.of("/proc", pid.toString(), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }
    }
}
