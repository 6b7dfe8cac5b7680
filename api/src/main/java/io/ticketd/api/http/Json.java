package io.ticketd.api.http;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSON in and out of Netty buffers with Jackson: streaming generators writing
 * straight into a pooled {@link ByteBuf}, and one shared {@link ObjectMapper} for
 * the small request bodies of the admin API.
 *
 * <p>Thread-safety: stateless; the factory and mapper are thread-safe.
 */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private Json() {
    }

    /** Writes a JSON document. */
    @FunctionalInterface
    public interface Writer {
        void write(JsonGenerator out) throws IOException;
    }

    /** Writes {@code {"content": …}}, the shape of every success body. */
    public static ByteBuf content(ByteBufAllocator alloc, Writer content) {
        return document(alloc, out -> {
            out.writeStartObject();
            out.writeFieldName("content");
            content.write(out);
            out.writeEndObject();
        });
    }

    /** Writes {@code {"error":{"code","message"}}}, the shape of every error body. */
    public static ByteBuf error(ByteBufAllocator alloc, String code, String message) {
        return document(alloc, out -> {
            out.writeStartObject();
            out.writeObjectFieldStart("error");
            out.writeStringField("code", code);
            out.writeStringField("message", message);
            out.writeEndObject();
            out.writeEndObject();
        });
    }

    public static ByteBuf document(ByteBufAllocator alloc, Writer writer) {
        ByteBuf buf = alloc.buffer(256);
        try (JsonGenerator out = FACTORY.createGenerator((java.io.OutputStream) new ByteBufOutputStream(buf),
                JsonEncoding.UTF8)) {
            writer.write(out);
        } catch (IOException e) {
            buf.release();
            throw new UncheckedIOException("cannot write a JSON response", e);
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
        return buf;
    }
}
