package io.ticketd.bench;

import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs the JMH benchmarks with ticketd's JVM options appended to every fork (read
 * from {@code ticketd.jvm.options}, the build's one definition of them, so a fork runs
 * as the server does) and the results written as JSON. Takes JMH's usual command line, e.g.
 * {@code java -jar bench/target/ticketd-bench.jar CommitPipeline -prof gc}; without
 * {@code -rff} the results go to {@code bench/target/jmh-result.json}.
 */
public final class BenchRunner {
    private BenchRunner() {
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException, IOException {
        CommandLineOptions cli = new CommandLineOptions(args);
        ChainedOptionsBuilder options = new OptionsBuilder().parent(cli).jvmArgsAppend(jvmOptions());
        if (cli.getResult().hasValue()) {
            options.resultFormat(cli.getResultFormat().orElse(ResultFormatType.JSON));
        } else {
            Path result = Path.of("bench", "target", "jmh-result.json");
            Files.createDirectories(result.getParent());
            options.resultFormat(ResultFormatType.JSON).result(result.toString());
        }
        new Runner(options.build()).run();
    }

    static String[] jvmOptions() throws IOException {
        try (InputStream in = BenchRunner.class.getResourceAsStream("/ticketd.jvm.options")) {
            if (in == null) {
                throw new IOException("ticketd.jvm.options is missing from the classpath; build with mvn package");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split("\\s+");
        }
    }
}
