package io.ticketd.tools;

import io.ticketd.api.ServerConfig;
import io.ticketd.api.TicketServer;
import io.ticketd.engine.EngineConfig;
import io.ticketd.engine.TicketEngine;
import io.ticketd.engine.ingest.Durability;
import io.ticketd.engine.internal.DataDirectoryLock.DataDirectoryLockedException;
import io.ticketd.engine.registry.IssuedCredential;
import io.ticketd.engine.registry.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ticketd serve}: runs the HTTP server over a data directory until SIGTERM or
 * Ctrl-C, then stops in order and exits 0.
 *
 * <p>Every option can also be set by an environment variable ({@code TICKETD_PORT}, …),
 * through picocli's {@code ${env:NAME:-default}} default values: a flag wins over the
 * environment, which wins over the built-in default.
 *
 * <p>Start: take the data directory (the engine's lock: a second {@code serve} on it
 * refuses to start and names the holder's pid), open the registry in
 * {@code <data-dir>/registry}, create the admin credential on the very first start
 * ({@link AdminCredentialFile}), bind. Any failure is one line on stderr and exit status
 * 1; the stack trace only with {@code --verbose}.
 *
 * <p>Stop (SIGTERM, SIGINT, or the JVM shutting down, see {@link TerminationSignals}):
 * stop accepting connections; close the engine, which drains the commit ring, so every
 * ticket accepted is committed, synced and answered by the event loops, still running;
 * close the server and its connections; close the registry (last-used dates flushed).
 */
@Command(name = "serve",
        mixinStandardHelpOptions = true,
        versionProvider = TicketdCommand.ManifestVersion.class,
        usageHelpAutoWidth = true,
        sortOptions = false,
        description = {
                "Runs the ticketd HTTP server on a data directory, until SIGTERM or Ctrl-C.",
                "Each option can also be set by the environment variable named with it; a flag wins over the"
                        + " environment. Defaults shown are those in effect (after the environment)."},
        footer = {
                "%nOn the first start with an empty data directory, an admin credential is created and written to"
                        + " <data-dir>/admin.credentials (mode 0600) as AKI=…;AKS=…, to send as the header"
                        + " 'Authentication: X-API-Key AKI=…;AKS=…'.",
                "JVM options (heap size, say) go in the environment variable JAVA_OPTS of tools/bin/ticketd."})
public final class ServeCommand implements Callable<Integer> {
    /** The registry's directory inside the data directory. */
    static final String REGISTRY_DIRECTORY = "registry";
    /** The name of the admin credential created on the first start. */
    static final String BOOTSTRAP_ADMIN_NAME = "bootstrap admin";

    @ParentCommand
    private TicketdCommand parent;

    @Spec
    private CommandSpec spec;

    @Option(names = "--port", paramLabel = "<port>", defaultValue = "${env:TICKETD_PORT:-8080}",
            converter = PortConverter.class,
            description = "Port to listen on; 0 picks a free one. Env TICKETD_PORT. Default: ${DEFAULT-VALUE}.")
    private int port;

    @Option(names = "--bind", paramLabel = "<address>", defaultValue = "${env:TICKETD_BIND:-0.0.0.0}",
            converter = BindAddressConverter.class,
            description = "Address to listen on; 0.0.0.0 is every interface, 127.0.0.1 this machine only."
                    + " Env TICKETD_BIND. Default: ${DEFAULT-VALUE}.")
    private String bind;

    @Option(names = "--data-dir", paramLabel = "<dir>", defaultValue = "${env:TICKETD_DATA_DIR:-./data}",
            description = "Data directory (journal, index, registry, admin credential), created if missing;"
                    + " relative to the working directory. Env TICKETD_DATA_DIR. Default: ${DEFAULT-VALUE}.")
    private Path dataDirectory;

    @Option(names = "--durability", paramLabel = "fsync|none", defaultValue = "${env:TICKETD_DURABILITY:-fsync}",
            converter = DurabilityConverter.class,
            description = "When a ticket is acknowledged: fsync, once the journal is synced to disk (survives power"
                    + " loss); none, once it is in the page cache (survives the process being killed)."
                    + " Env TICKETD_DURABILITY. Default: ${DEFAULT-VALUE}.")
    private Durability durability;

    @Option(names = "--ring-size", paramLabel = "<slots>", defaultValue = "${env:TICKETD_RING_SIZE:-65536}",
            converter = RingSizeConverter.class,
            description = "Slots in the commit ring: a power of two of at least 1024. When it is full, ingest answers"
                    + " 503 with Retry-After. Env TICKETD_RING_SIZE. Default: ${DEFAULT-VALUE}.")
    private int ringSize;

    @Option(names = "--public-url", paramLabel = "<url>", defaultValue = "${env:TICKETD_PUBLIC_URL}",
            converter = PublicUrlConverter.class,
            description = "Base URL clients reach the server at, as GET /apip/cpos reports it (behind a proxy, say)."
                    + " Env TICKETD_PUBLIC_URL. Default: the address the server listens on.")
    private String publicUrl;

    @Option(names = "--io-threads", paramLabel = "<n>", defaultValue = "${env:TICKETD_IO_THREADS}",
            converter = PositiveIntConverter.class,
            description = "HTTP event loop threads. Env TICKETD_IO_THREADS."
                    + " Default: the number of processors (at least 2).")
    private Integer ioThreads;

    @Option(names = "--monitoring-timeout", paramLabel = "<seconds>",
            defaultValue = "${env:TICKETD_MONITORING_TIMEOUT:-180}", converter = PositiveIntConverter.class,
            description = "A station with no monitoring push for this long is offline."
                    + " Env TICKETD_MONITORING_TIMEOUT. Default: ${DEFAULT-VALUE}.")
    private int monitoringTimeoutSeconds;

    @Option(names = "--idle-timeout", paramLabel = "<seconds>", defaultValue = "${env:TICKETD_IDLE_TIMEOUT:-60}",
            converter = PositiveIntConverter.class,
            description = "A connection silent this long between requests is closed."
                    + " Env TICKETD_IDLE_TIMEOUT. Default: ${DEFAULT-VALUE}.")
    private int idleTimeoutSeconds;

    @Option(names = "--request-timeout", paramLabel = "<seconds>",
            defaultValue = "${env:TICKETD_REQUEST_TIMEOUT:-30}", converter = PositiveIntConverter.class,
            description = "A request not fully received this long after its first byte gets 408."
                    + " Env TICKETD_REQUEST_TIMEOUT. Default: ${DEFAULT-VALUE}.")
    private int requestTimeoutSeconds;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        boolean verbose = parent != null && parent.verbose();
        if (verbose) {
            // Before the first logger exists: slf4j-simple reads its levels once.
            System.setProperty("org.slf4j.simpleLogger.log.io.ticketd", "debug");
        }
        Logger log = LoggerFactory.getLogger(ServeCommand.class);
        TerminationSignals signals = new TerminationSignals();
        signals.install(log);
        try {
            Running running;
            try {
                running = start(log);
            } catch (StartupException e) {
                err.println("ticketd: " + e.getMessage());
                if (verbose) {
                    e.printStackTrace(err);
                }
                err.flush();
                return spec.exitCodeOnExecutionException();
            }
            String reason = awaitStopRequest(signals);
            log.info("stopping on {}: no new connections; draining the commit ring", reason);
            return running.stop(log, verbose) ? 0 : spec.exitCodeOnExecutionException();
        } finally {
            signals.stopped();
        }
    }

    private static String awaitStopRequest(TerminationSignals signals) {
        try {
            return signals.awaitStopRequest();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupt";
        }
    }

    private Running start(Logger log) throws StartupException {
        Path dataDir = dataDirectory.toAbsolutePath().normalize();
        TicketEngine engine = openEngine(dataDir);
        Registry registry = null;
        try {
            registry = openRegistry(dataDir.resolve(REGISTRY_DIRECTORY));
            Path adminFile = dataDir.resolve(AdminCredentialFile.FILE_NAME);
            bootstrapAdminCredential(registry, adminFile, log);
            TicketServer server = listen(engine, registry);
            log.info("ticketd serving {} (data directory {}, durability {}, commit ring {} slots); admin credential: {}",
                    url(server), dataDir, durabilityName(), ringSize, adminCredentialNote(adminFile));
            return new Running(engine, registry, server);
        } catch (StartupException | RuntimeException e) {
            closeAfterFailedStart(registry, engine, e);
            throw e;
        }
    }

    private TicketEngine openEngine(Path dataDir) throws StartupException {
        EngineConfig config = EngineConfig.at(dataDir).withDurability(durability).withRingSize(ringSize);
        try {
            return TicketEngine.open(config);
        } catch (DataDirectoryLockedException e) {
            throw new StartupException(e.getMessage(), e);
        } catch (IOException | RuntimeException | LinkageError e) {
            throw new StartupException("cannot open the data directory " + dataDir + ": "
                    + FailureMessage.describe(e), e);
        }
    }

    private static Registry openRegistry(Path directory) throws StartupException {
        try {
            return Registry.open(directory);
        } catch (IOException | RuntimeException e) {
            throw new StartupException("cannot open the registry " + directory + ": " + FailureMessage.describe(e), e);
        }
    }

    /** On the first start, creates the admin credential and writes it to {@code file}; otherwise leaves both alone. */
    private static void bootstrapAdminCredential(Registry registry, Path file, Logger log) throws StartupException {
        if (registry.hasAdminCredential()) {
            return;
        }
        IssuedCredential admin = registry.createAdminCredential(BOOTSTRAP_ADMIN_NAME);
        try {
            AdminCredentialFile.write(file, admin);
        } catch (IOException | RuntimeException e) {
            throw new StartupException("created the admin credential " + admin.keyId() + " but cannot write it to "
                    + file + ": " + FailureMessage.describe(e), e);
        }
        log.info("first start: created the admin credential {} and wrote it to {} (mode 0600; the only copy of its"
                + " secret)", admin.keyId(), file);
    }

    private TicketServer listen(TicketEngine engine, Registry registry) throws StartupException {
        ServerConfig config = ServerConfig.defaults()
                .withBind(bind, port)
                .withPublicUrl(publicUrl)
                .withTimeouts(Duration.ofSeconds(idleTimeoutSeconds), Duration.ofSeconds(requestTimeoutSeconds))
                .withMonitoringTimeout(Duration.ofSeconds(monitoringTimeoutSeconds));
        if (ioThreads != null) {
            config = config.withIoThreads(ioThreads);
        }
        try {
            return TicketServer.start(config, engine, registry);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while starting to listen on " + hostPort(port), e);
        } catch (Exception e) {
            // Netty rethrows a failed bind (an IOException) without declaring it.
            throw new StartupException("cannot listen on " + hostPort(port) + ": " + FailureMessage.describe(e), e);
        }
    }

    private static void closeAfterFailedStart(Registry registry, TicketEngine engine, Exception failure) {
        if (registry != null) {
            try {
                registry.close();
            } catch (IOException | RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        try {
            engine.close();
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private String url(TicketServer server) {
        if (publicUrl != null) {
            return publicUrl;
        }
        boolean everyInterface = "0.0.0.0".equals(bind) || "::".equals(bind);
        String host = everyInterface ? "localhost" : bind;
        String url = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.port();
        return everyInterface ? url + " (every interface)" : url;
    }

    private String hostPort(int p) {
        return (bind.contains(":") ? "[" + bind + "]" : bind) + ":" + p;
    }

    private String durabilityName() {
        return durability.name().toLowerCase(Locale.ROOT);
    }

    private static String adminCredentialNote(Path file) {
        return Files.exists(file) ? "in " + file
                : file + " is gone (it is written once, on the first start; nothing else keeps the secret)";
    }

    /** What was started, and how it is stopped. */
    private record Running(TicketEngine engine, Registry registry, TicketServer server) {

        /** Stops in order; every step runs even if an earlier one failed. Returns whether all succeeded. */
        boolean stop(Logger log, boolean verbose) {
            Exception failure = null;
            failure = step(failure, server::stopAccepting);
            failure = step(failure, engine::close);
            failure = step(failure, server::close);
            failure = step(failure, registry::close);
            if (failure == null) {
                log.info("ticketd stopped cleanly");
                return true;
            }
            if (verbose) {
                log.error("ticketd stopped with errors: {}", FailureMessage.describe(failure), failure);
            } else {
                log.error("ticketd stopped with errors: {}", FailureMessage.describe(failure));
            }
            return false;
        }

        private static Exception step(Exception failure, StopStep step) {
            try {
                step.run();
                return failure;
            } catch (Exception e) {
                if (failure == null) {
                    return e;
                }
                failure.addSuppressed(e);
                return failure;
            }
        }
    }

    @FunctionalInterface
    private interface StopStep {
        void run() throws Exception;
    }

    /** A start that failed, with a message for the operator that says which step and why. */
    static final class StartupException extends Exception {
        private static final long serialVersionUID = 1L;

        StartupException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** {@code fsync} or {@code none}, in any case. */
    static final class DurabilityConverter implements ITypeConverter<Durability> {
        @Override
        public Durability convert(String value) {
            try {
                return Durability.parse(value.trim());
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("must be fsync or none, got '" + value + "'");
            }
        }
    }

    /** A port: 0 to 65535. */
    static final class PortConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return wholeNumber(value, 0, 65535, "a port number from 0 to 65535");
        }
    }

    /** A power of two of at least {@value EngineConfig#MIN_RING_SIZE}. */
    static final class RingSizeConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            String requirement = "a power of two of at least " + EngineConfig.MIN_RING_SIZE + " (1024, 2048, 4096, …)";
            int size = wholeNumber(value, EngineConfig.MIN_RING_SIZE, Integer.MAX_VALUE, requirement);
            if (Integer.bitCount(size) != 1) {
                throw invalid(requirement, value);
            }
            return size;
        }
    }

    /**
     * An address of this machine's to listen on: an IP literal or a host name that resolves,
     * checked before the data directory is opened, so that a typo creates nothing.
     */
    static final class BindAddressConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String address = value.trim();
            if (!address.isEmpty()) {
                try {
                    InetAddress.getByName(address);
                    return address;
                } catch (UnknownHostException e) {
                    // refused below, naming the value
                }
            }
            throw invalid("an IP address (0.0.0.0 for every interface) or a host name that resolves", value);
        }
    }

    /** A whole number of at least 1. */
    static final class PositiveIntConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return wholeNumber(value, 1, Integer.MAX_VALUE, "a whole number of at least 1");
        }
    }

    /** An absolute http or https URL with a host. */
    static final class PublicUrlConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String url = value.trim();
            try {
                URI uri = new URI(url);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                    return url;
                }
            } catch (URISyntaxException e) {
                throw new TypeConversionException("must be an http:// or https:// URL, got '" + value + "' ("
                        + e.getReason() + ")");
            }
            throw new TypeConversionException("must be an http:// or https:// URL with a host, got '" + value + "'");
        }
    }

    /** The integer in {@code value}, if it is one from {@code min} to {@code max}. */
    private static int wholeNumber(String value, int min, int max, String requirement) {
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw invalid(requirement, value);
        }
        if (n < min || n > max) {
            throw invalid(requirement, value);
        }
        return n;
    }

    private static TypeConversionException invalid(String requirement, String value) {
        return new TypeConversionException("must be " + requirement + ", got '" + value + "'");
    }
}
