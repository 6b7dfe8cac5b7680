package io.ticketd.tools.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.ticketd.tools.FailureMessage;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.Console;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The options every {@code ticketd admin} subcommand takes (a picocli mixin), and the
 * way each one runs: read the admin credential, make the calls, print the answer as a
 * table or, with {@code --json}, as the server's {@code content}; report a failure as
 * one line. Exit codes: 0 done; 1 the server refused ({@code <status> <code>: <message>})
 * or the operator did not confirm; 2 bad usage, no server at {@code --url}, or no
 * readable credential.
 *
 * <p>Output goes through the command line's writers ({@code getOut()}, {@code getErr()}),
 * so that a caller can capture it. Not thread-safe: one per command invocation.
 */
public final class AdminOptions {
    /** The prefix of every line the admin commands print about a failure. */
    static final String COMMAND = "ticketd admin";
    private static final ObjectWriter ASCII_JSON = new ObjectMapper().writer()
            .with(JsonWriteFeature.ESCAPE_NON_ASCII);
    /** Printed under every newly issued secret. */
    static final String SHOWN_ONCE = "The secret is shown this once: ticketd keeps only a hash of it. Store it now;"
            + " a lost secret cannot be recovered, only replaced.";

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Mixin
    private final ServerOptions server = new ServerOptions();

    @Option(names = "--json", description = "Print the server's JSON content as it is, instead of a table.")
    private boolean json;

    /** The calls a subcommand makes once the client is set up. */
    @FunctionalInterface
    interface AdminCall {
        void run(ApiClient api) throws ApiErrorException, ClientSetupException, InterruptedException;
    }

    /** Runs {@code call} with a client of the server and returns the exit code. */
    int run(AdminCall call) {
        try {
            call.run(new ApiClient(server.url(), server.adminCredential()));
            out().flush();
            return 0;
        } catch (ApiErrorException e) {
            out().flush();
            return FailureMessage.report(spec, COMMAND, e.describe(), e, 1);
        } catch (ClientSetupException e) {
            out().flush();
            return FailureMessage.report(spec, COMMAND, e.getMessage(), e, 2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FailureMessage.report(spec, COMMAND, "interrupted", e, 1);
        }
    }

    /**
     * Runs {@code call} once the operator has confirmed {@code action} ("delete access key
     * ak_…"): with {@code --yes}, or by answering y on the terminal. Without a terminal to
     * ask on and without {@code --yes}, refuses with exit code 2 and changes nothing.
     */
    int runConfirmed(boolean yes, String action, AdminCall call) {
        if (!yes) {
            Console console = System.console();
            if (console == null) {
                return FailureMessage.report(spec, COMMAND, "refusing to " + action + " without --yes: standard"
                        + " input is not a terminal, so there is no one to confirm; add --yes to go ahead", null, 2);
            }
            String answer = console.readLine("About to %s. Go ahead? [y/N] ", action);
            String a = answer == null ? "" : answer.strip().toLowerCase(Locale.ROOT);
            if (!a.equals("y") && !a.equals("yes")) {
                return FailureMessage.report(spec, COMMAND, "not confirmed; nothing was changed", null, 1);
            }
        }
        return run(call);
    }

    /** GETs the resource at {@code path} and prints it. */
    int show(String path, AdminTable table) {
        return call("GET", path, null, table);
    }

    /** Sends {@code method path body} and prints the resource the server answers with. */
    int call(String method, String path, JsonNode body, AdminTable table) {
        return run(api -> printRecord(api.content(method, path, body), table));
    }

    /** GETs the list at {@code path} and prints it, or {@code emptyMessage} when it holds nothing. */
    int list(String path, AdminTable table, String emptyMessage) {
        return run(api -> printRows(api.content("GET", path, null), table, emptyMessage));
    }

    /** POSTs for a new credential and prints it, with the warning that its secret is shown this once. */
    int issue(String path, JsonNode body, AdminTable table) {
        return run(api -> {
            printRecord(api.content("POST", path, body), table);
            note(SHOWN_ONCE);
        });
    }

    /**
     * Once confirmed (see {@link #runConfirmed}), DELETEs {@code path} and prints {@code done},
     * or with {@code --json} the server's content.
     */
    int delete(boolean yes, String action, String path, String done) {
        return runConfirmed(yes, action, api -> {
            JsonNode deleted = api.content("DELETE", path, null);
            out().println(json ? ascii(deleted) : done);
        });
    }

    /** The path of a collection of an account: {@code /admin/v1/accounts/<accountId>/<collection>}. */
    static String accountPath(String accountId, String collection) {
        return "/admin/v1/accounts/" + ApiClient.encode(accountId) + "/" + collection;
    }

    /** Prints one resource: as a record, or with {@code --json} as the server's content. */
    void printRecord(JsonNode content, AdminTable table) {
        if (json) {
            out().println(ascii(content));
        } else {
            table.writeRecord(out(), content);
        }
    }

    /** Prints a list of resources: as a table, or with {@code --json} as the server's content. */
    void printRows(JsonNode content, AdminTable table, String emptyMessage) {
        if (json) {
            out().println(ascii(content));
        } else {
            table.writeRows(out(), content, emptyMessage);
        }
    }

    /**
     * Prints a line for the operator: after a blank line under the output, or on stderr
     * with {@code --json} (stdout stays JSON).
     */
    void note(String line) {
        if (json) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(line);
            err.flush();
        } else {
            out().println();
            out().println(line);
        }
    }

    /**
     * {@code content} as JSON text with every non-ASCII character escaped ({@code \u00F6}):
     * the output writer encodes with the platform's charset, which may be ASCII (a C
     * locale), and an escaped document reads the same in any.
     */
    private static String ascii(JsonNode content) {
        try {
            return ASCII_JSON.writeValueAsString(content);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    /** Invalid usage of the subcommand: picocli reports it and exits 2. */
    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
