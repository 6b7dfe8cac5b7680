package io.ticketd.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** The JVM options a child JVM that opens the engine needs, from the build's single definition. */
final class JvmOptions {
    private JvmOptions() {
    }

    static List<String> forChildJvm() {
        try (InputStream in = JvmOptions.class.getResourceAsStream("/ticketd.jvm.options")) {
            if (in == null) {
                throw new IllegalStateException("ticketd.jvm.options is not on the classpath; build the engine module");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            if (text.contains("${")) {
                throw new IllegalStateException("ticketd.jvm.options was not filtered by the build: " + text);
            }
            return Arrays.asList(text.split("\\s+"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
