package io.ticketd.tools.admin;

import io.ticketd.tools.CommandGroup;
import io.ticketd.tools.TicketdCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ticketd admin}: an operator's client of the HTTP admin API of a running server
 * (accounts, stores, store credentials, access keys, users). Each resource is a
 * subcommand with its own verbs ({@code ticketd admin stores create …}); the options
 * every verb takes are in {@link AdminOptions}, which also says how failures are
 * reported and which exit codes mean what.
 *
 * <p>Not thread-safe: picocli builds one per invocation.
 */
@Command(name = "admin",
        mixinStandardHelpOptions = true,
        versionProvider = TicketdCommand.ManifestVersion.class,
        usageHelpAutoWidth = true,
        description = {
                "Manages a running ticketd server through its admin API: accounts, their stores, store credentials,"
                        + " access keys and users.",
                "Every command needs the server's admin credential: the file <data-dir>/admin.credentials, which the"
                        + " server writes on its first start (--admin-credentials, default ./data/admin.credentials),"
                        + " and the server's address (--url, default http://127.0.0.1:8080).",
                "Output is a table for people; --json prints the server's JSON content instead, for scripts."},
        subcommands = {AccountsCommand.class, StoresCommand.class, CredentialsCommand.class, KeysCommand.class,
                UsersCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {
                "  ticketd admin accounts create \"Acme Fuel\"",
                "  ticketd admin stores create --account acct_… store-1 --name \"Main Street\"",
                "  ticketd admin credentials generate store-1",
                "  ticketd admin keys create --account acct_… --name erp --scope tickets:read",
                "  ticketd admin users list --account acct_… --json",
                "%nExit status: 0 done; 1 the server refused (its status, code and message are printed) or the"
                        + " action was not confirmed; 2 bad usage, no server reachable at --url, or no readable admin"
                        + " credential.",
                "Run 'ticketd admin <resource> --help' for the commands of each resource."})
public final class AdminCommand extends CommandGroup {
}
