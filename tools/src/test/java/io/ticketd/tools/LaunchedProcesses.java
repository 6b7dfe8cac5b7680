package io.ticketd.tools;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.fail;

/**
 * Starts {@code tools/bin/ticketd} processes for a test, as a user runs them: waits for a
 * server to be healthy, runs a command to its end, stops any process still running
 * after the test (SIGTERM, then SIGKILL), and prints every process's log when the test
 * fails. Each process writes its output to a log in the test's directory.
 */
final class LaunchedProcesses implements AfterEachCallback {
    /** How long a server may take to start, and a command to run to its end. */
    static final Duration STARTUP = Duration.ofSeconds(60);
    /** How long a process may take to exit once asked to. */
    static final Duration EXIT = Duration.ofSeconds(30);

    /** A process started by the test, with its output (stdout and stderr together) in {@code logFile}. */
    record Launched(String name, Process process, Path logFile) {
        String log() throws IOException {
            return Files.readString(logFile);
        }
    }

    /** A process run to its end. */
    record Finished(int exitCode, String output) {
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final List<Launched> launched = new ArrayList<>();

    /** {@code tools/bin/ticketd args…} in {@code workingDir}, with a test JVM setup on top of {@code env}. */
    Launched launch(Path workingDir, String name, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("ticketd.launcher", "bin/ticketd")).toAbsolutePath().toString());
        command.addAll(List.of(args));
        return launch(workingDir, name, env, command);
    }

    Launched launch(Path workingDir, String name, Map<String, String> env, List<String> command)
            throws IOException {
        Path tmp = Files.createDirectories(workingDir.resolve("jvm-tmp"));
        Path log = workingDir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(key -> key.startsWith("TICKETD_"));
        // RocksDB and Netty unpack their native libraries into java.io.tmpdir: keep them in the test's directory.
        environment.put("JAVA_OPTS", "-Xmx256m -Djava.io.tmpdir=" + tmp);
        environment.putAll(env);
        Launched process = new Launched(name, builder.start(), log);
        launched.add(process);
        return process;
    }

    /** {@code tools/bin/ticketd args…} run to its end (within 60 s). */
    Finished runToExit(Path workingDir, String name, Map<String, String> env, String... args) throws Exception {
        return awaitExit(launch(workingDir, name, env, args));
    }

    /** {@code command} run to its end (within 60 s). */
    Finished runToExit(Path workingDir, String name, List<String> command) throws Exception {
        return awaitExit(launch(workingDir, name, Map.of(), command));
    }

    private static Finished awaitExit(Launched process) throws Exception {
        if (!process.process().waitFor(STARTUP.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError(process.name() + " still running after " + STARTUP + "; its log:\n"
                    + process.log());
        }
        return new Finished(process.process().exitValue(), process.log());
    }

    /** Stops what still runs and, when the test failed, prints every log (before the temporary directory goes). */
    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        for (Launched process : launched) {
            stop(process.process());
        }
        if (context.getExecutionException().isPresent()) {
            printLogs(context);
        }
    }

    private static void stop(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(EXIT.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(EXIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private void printLogs(ExtensionContext context) {
        for (Launched process : launched) {
            String log;
            try {
                log = process.log();
            } catch (IOException e) {
                log = "(cannot read " + process.logFile() + ": " + e + ")";
            }
            System.out.printf("----- %s: %s (exit %s) -----%n%s%n", context.getDisplayName(), process.name(),
                    process.process().isAlive() ? "none yet" : process.process().exitValue(), log);
        }
    }

    /** Polls {@code GET /health} until it answers 200; fails early, with the log, if the process exits. */
    void awaitHealthy(Launched server, int port) throws Exception {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!server.process().isAlive()) {
                fail("%s exited with %d before serving; its log:%n%s", server.name(), server.process().exitValue(),
                        server.log());
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/health")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
                last = new IllegalStateException("GET /health answered " + health.statusCode() + ": " + health.body());
            } catch (ConnectException e) {
                last = e; // not listening yet: poll again
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        throw new AssertionError(server.name() + " not healthy on port " + port + " within " + STARTUP
                + "; its log:\n" + server.log(), last);
    }

    static int freePort() throws IOException {
        return freePorts(1)[0];
    }

    /** Distinct free ports on 127.0.0.1 (held open together while chosen, so they differ). */
    static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}
