package io.ticketd.tools;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code ticketd} command tree: every command is registered and answers {@code --help}. */
class TicketdCommandTest {
    /** The operator commands whose help must show examples. */
    private static final List<String> WITH_EXAMPLES = List.of("admin", "export", "journal", "index");

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = TicketdCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return new Run(commandLine.execute(args), out.toString(), err.toString());
    }

    @Test
    void shouldRegisterEveryCommandOfTheIssue() {
        assertThat(TicketdCommand.commandLine().getSubcommands().keySet())
                .containsExactly("serve", "admin", "export", "journal", "index", "load", "help");
        assertThat(TicketdCommand.commandLine().getSubcommands().get("journal").getSubcommands().keySet())
                .containsExactly("dump", "verify");
        assertThat(TicketdCommand.commandLine().getSubcommands().get("index").getSubcommands().keySet())
                .containsExactly("rebuild", "verify");
    }

    @Test
    void shouldAnswerHelpOnEveryCommandWithExamplesForTheOperatorCommands() {
        List<String> checked = new ArrayList<>();
        walk(TicketdCommand.commandLine(), new ArrayList<>(), checked);
        assertThat(checked).contains("admin keys create", "admin users delete", "export", "journal dump",
                "journal verify", "index rebuild", "index verify", "serve", "load").hasSizeGreaterThan(30);
    }

    private static void walk(CommandLine commandLine, List<String> path, List<String> checked) {
        if (!path.isEmpty()) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            Run help = run(args.toArray(String[]::new));
            String name = String.join(" ", path);
            assertThat(help.exit()).as(name + ": " + help.err()).isZero();
            assertThat(help.out()).as(name).startsWith("Usage: ticketd " + name).contains("-h, --help");
            if (WITH_EXAMPLES.contains(path.get(0))) {
                assertThat(help.out()).as(name).containsPattern("Examples?:");
            }
            checked.add(name);
        }
        for (Map.Entry<String, CommandLine> sub : commandLine.getSubcommands().entrySet()) {
            if (!sub.getKey().equals("help")) {
                List<String> next = new ArrayList<>(path);
                next.add(sub.getKey());
                walk(sub.getValue(), next, checked);
            }
        }
    }

    @Test
    void shouldNameTheSubcommandsWhenOneIsMissing() {
        Run journal = run("journal");
        assertThat(journal.exit()).isEqualTo(2);
        assertThat(journal.err()).startsWith("ticketd: Missing command: one of dump, verify");
        Run admin = run("admin", "keys");
        assertThat(admin.exit()).isEqualTo(2);
        assertThat(admin.err()).contains("Missing command: one of create, delete, disable, enable, get, list");
    }
}
