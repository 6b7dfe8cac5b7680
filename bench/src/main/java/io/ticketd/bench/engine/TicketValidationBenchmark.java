package io.ticketd.bench.engine;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.ticketd.engine.ingest.TicketScanner;
import io.ticketd.engine.ingest.TicketValidationException;
import io.ticketd.engine.ingest.TicketValidator;
import io.ticketd.engine.ingest.ValidatedTicket;
import io.ticketd.tools.load.TicketGenerator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Validating a request body of 100 reference tickets (~89 KB, a JSON array, as
 * ingest-batch sends them), as the ingest endpoint does: the fast scan
 * ({@link TicketScanner#jsonBody}, what the server runs) against the Jackson parse it
 * defers to (one streaming pass, {@link TicketValidator#validateObject} for each
 * element). Average time a body, one thread; divide by 100 for a ticket.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsPrepend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class TicketValidationBenchmark {
    private static final int TICKETS = 100;
    private static final int BODIES = 64;

    private final byte[][] bodies = new byte[BODIES][];
    private int next;

    @Setup
    public void generate() {
        TicketGenerator generator = new TicketGenerator(TicketGenerator.DEFAULT_SEED, TicketGenerator.DEFAULT_STORES,
                TicketGenerator.DEFAULT_START_MICROS, TicketGenerator.DEFAULT_BACKDATE_FRAC);
        for (int b = 0; b < BODIES; b++) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.write('[');
            for (int i = 0; i < TICKETS; i++) {
                if (i > 0) {
                    body.write(',');
                }
                body.writeBytes(generator.nextTicket());
            }
            body.write(']');
            bodies[b] = body.toByteArray();
            if (TicketScanner.jsonBody(bodies[b], null, TICKETS) == null) {
                throw new IllegalStateException("the fast scan deferred a body of reference tickets");
            }
        }
    }

    private byte[] nextBody() {
        byte[] body = bodies[next];
        next = next + 1 == BODIES ? 0 : next + 1;
        return body;
    }

    @Benchmark
    public List<ValidatedTicket> scan() {
        return TicketScanner.jsonBody(nextBody(), null, TICKETS);
    }

    @Benchmark
    public List<ValidatedTicket> jackson() throws IOException, TicketValidationException {
        byte[] body = nextBody();
        List<ValidatedTicket> tickets = new ArrayList<>();
        try (JsonParser p = TicketValidator.jsonFactory().createParser(body)) {
            p.nextToken(); // the array
            while (p.nextToken() == JsonToken.START_OBJECT) {
                tickets.add(TicketValidator.validateObject(p, body, 0, null));
            }
        }
        return tickets;
    }
}
