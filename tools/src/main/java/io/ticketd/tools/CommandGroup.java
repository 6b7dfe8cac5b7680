package io.ticketd.tools;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * A command that only groups subcommands ({@code ticketd}, {@code ticketd admin},
 * {@code ticketd journal}, …): run without one of them, it is a usage error (exit 2)
 * that lists them.
 *
 * <p>Thread-safety: a picocli command object, used by one thread.
 */
public abstract class CommandGroup implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        String names = spec.subcommands().keySet().stream().filter(name -> !name.equals("help"))
                .collect(Collectors.joining(", "));
        throw new ParameterException(spec.commandLine(), "Missing command: one of " + names);
    }
}
