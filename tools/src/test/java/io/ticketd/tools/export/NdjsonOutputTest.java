package io.ticketd.tools.export;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class NdjsonOutputTest {
    @TempDir
    Path dir;

    private static String line(String json) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        NdjsonOutput out = NdjsonOutput.toStream(bytes);
        byte[] source = ("xx" + json + "yy").getBytes(StandardCharsets.UTF_8);
        out.writeLine(source, 2, json.getBytes(StandardCharsets.UTF_8).length);
        out.commit();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldWriteACompactDocumentByteForByte() throws IOException {
        String json = "{\"a\":\"b c\",\"é\":\"\\u00e9\\\" \\\\\",\"n\":1.50e0,\"x\":[1,{\"y\":null}]}";
        assertThat(line(json)).isEqualTo(json + "\n");
    }

    @Test
    void shouldDropWhitespaceOutsideStringsOnly() throws IOException {
        assertThat(line("{\n  \"a b\" : \"c\\\"  d\",\r\n\t\"e\": [ 1 , 2 ]\n}"))
                .isEqualTo("{\"a b\":\"c\\\"  d\",\"e\":[1,2]}\n");
    }

    private long filesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.count();
        }
    }

    @Test
    void shouldCreateTheFileOnlyOnCommit() throws IOException {
        Path file = dir.resolve("out.ndjson");
        try (NdjsonOutput out = NdjsonOutput.toFile(file)) {
            out.writeLine("{}".getBytes(StandardCharsets.UTF_8), 0, 2);
            assertThat(file).doesNotExist();
            out.commit();
            assertThat(out.lines()).isEqualTo(1);
        }
        assertThat(Files.readString(file)).isEqualTo("{}\n");
        assertThat(filesIn(dir)).isEqualTo(1);
    }

    @Test
    void shouldLeaveNothingAndKeepAnOlderFileWhenClosedWithoutCommit() throws IOException {
        Path file = dir.resolve("out.ndjson");
        Files.writeString(file, "old\n");
        try (NdjsonOutput out = NdjsonOutput.toFile(file)) {
            out.writeLine("{}".getBytes(StandardCharsets.UTF_8), 0, 2);
        }
        assertThat(Files.readString(file)).isEqualTo("old\n");
        assertThat(filesIn(dir)).isEqualTo(1);
    }
}
