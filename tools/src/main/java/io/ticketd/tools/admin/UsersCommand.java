package io.ticketd.tools.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ticketd.tools.CommandGroup;
import io.ticketd.tools.TicketdCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

import static io.ticketd.tools.admin.AdminTable.date;
import static io.ticketd.tools.admin.AdminTable.field;
import static io.ticketd.tools.admin.AdminTable.joined;

/**
 * {@code ticketd admin users}: the users of an account, as {@code GET /apip/users}
 * shows them to integrators: create, list (a page at a time), show, update, delete.
 */
@Command(name = "users",
        mixinStandardHelpOptions = true,
        versionProvider = TicketdCommand.ManifestVersion.class,
        usageHelpAutoWidth = true,
        description = "Users of an account: name, email address (unique in the account) and user groups.",
        footerHeading = "%nExamples:%n",
        footer = {
                "  ticketd admin users create --account acct_… --first-name Ada \\",
                "      --last-name Lovelace --email ada@example.com --group managers",
                "  ticketd admin users list --account acct_… --limit 20",
                "  ticketd admin users update usr_… --email ada.l@example.com --no-groups",
                "  ticketd admin users delete usr_… --yes"})
final class UsersCommand extends CommandGroup {
    /** The API's page size bounds for {@code --limit}. */
    static final int MAX_LIMIT = 1000;

    static final AdminTable USER = AdminTable.of(
            field("User ID", "userId"),
            field("Account ID", "accountId"),
            field("First name", "firstName"),
            field("Last name", "lastName"),
            field("Email", "emailAddress"),
            joined("Groups", "userGroups", "-"),
            date("Created", "createdDate"),
            date("Last sign-in", "lastSignInDate"));

    @Command(name = "create", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            versionProvider = TicketdCommand.ManifestVersion.class,
            description = "Creates a user of an account and prints it, with its user id.",
            footerHeading = "%nExample:%n",
            footer = {"  ticketd admin users create --account acct_… --first-name Ada \\",
                    "      --last-name Lovelace --email ada@example.com --group managers --group qa"})
    int create(@Mixin AdminOptions admin,
               @Option(names = "--account", required = true, paramLabel = "ACCOUNT_ID",
                       description = "The account the user belongs to.") String accountId,
               @Option(names = "--first-name", required = true, paramLabel = "NAME") String firstName,
               @Option(names = "--last-name", required = true, paramLabel = "NAME") String lastName,
               @Option(names = "--email", required = true, paramLabel = "ADDRESS",
                       description = "Email address, unique in the account.") String email,
               @Option(names = "--group", paramLabel = "GROUP",
                       description = "A user group; repeat for several. Default: none.") List<String> groups) {
        ObjectNode body = AdminJson.object().put("firstName", firstName).put("lastName", lastName)
                .put("emailAddress", email);
        if (groups != null) {
            body.set("userGroups", AdminJson.strings(groups));
        }
        return admin.call("POST", AdminOptions.accountPath(accountId, "users"), body, USER);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            versionProvider = TicketdCommand.ManifestVersion.class,
            description = "Lists the users of an account, oldest first, a page at a time.",
            footerHeading = "%nExamples:%n",
            footer = {"  ticketd admin users list --account acct_…",
                    "  ticketd admin users list --account acct_… --offset 100 --limit 100"})
    int list(@Mixin AdminOptions admin,
             @Option(names = "--account", required = true, paramLabel = "ACCOUNT_ID",
                     description = "The account whose users to list.") String accountId,
             @Option(names = "--offset", paramLabel = "N", defaultValue = "0",
                     description = "Skip this many users first. Default: ${DEFAULT-VALUE}.") int offset,
             @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
                     description = "List at most this many users, 1 to 1000. Default: ${DEFAULT-VALUE}.") int limit) {
        if (offset < 0) {
            throw admin.usage("--offset must be 0 or more, got " + offset);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw admin.usage("--limit must be 1 to " + MAX_LIMIT + ", got " + limit);
        }
        return admin.list(AdminOptions.accountPath(accountId, "users") + "?offset=" + offset + "&limit=" + limit, USER,
                offset == 0 ? "No users in account " + accountId + "." : "No users at offset " + offset + ".");
    }

    @Command(name = "get", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            versionProvider = TicketdCommand.ManifestVersion.class,
            description = "Shows one user.",
            footerHeading = "%nExample:%n",
            footer = "  ticketd admin users get usr_…")
    int get(@Mixin AdminOptions admin,
            @Parameters(paramLabel = "USER_ID", description = "The user's id.") String userId) {
        return admin.show(path(userId), USER);
    }

    @Command(name = "update", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            versionProvider = TicketdCommand.ManifestVersion.class,
            description = {"Changes a user: only the fields given change.",
                    "--group replaces the user's groups with those given; --no-groups removes every group."},
            footerHeading = "%nExamples:%n",
            footer = {"  ticketd admin users update usr_… --email ada.l@example.com",
                    "  ticketd admin users update usr_… --group managers --group auditors",
                    "  ticketd admin users update usr_… --no-groups"})
    int update(@Mixin AdminOptions admin,
               @Parameters(paramLabel = "USER_ID", description = "The user's id.") String userId,
               @Option(names = "--first-name", paramLabel = "NAME") String firstName,
               @Option(names = "--last-name", paramLabel = "NAME") String lastName,
               @Option(names = "--email", paramLabel = "ADDRESS") String email,
               @Option(names = "--group", paramLabel = "GROUP",
                       description = "The user's groups from now on; repeat for several.") List<String> groups,
               @Option(names = "--no-groups", description = "Remove the user from every group.") boolean noGroups) {
        if (groups != null && noGroups) {
            throw admin.usage("--group and --no-groups exclude each other");
        }
        ObjectNode body = AdminJson.object();
        if (firstName != null) {
            body.put("firstName", firstName);
        }
        if (lastName != null) {
            body.put("lastName", lastName);
        }
        if (email != null) {
            body.put("emailAddress", email);
        }
        if (groups != null) {
            body.set("userGroups", AdminJson.strings(groups));
        }
        if (noGroups) {
            body.putNull("userGroups");
        }
        if (body.isEmpty()) {
            throw admin.usage("nothing to update: give --first-name, --last-name, --email, --group or --no-groups");
        }
        return admin.call("PUT", path(userId), body, USER);
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            versionProvider = TicketdCommand.ManifestVersion.class,
            description = {"Deletes a user for good.",
                    "Asks for confirmation on a terminal; elsewhere (a script, a pipe) it needs --yes."},
            footerHeading = "%nExample:%n",
            footer = "  ticketd admin users delete usr_… --yes")
    int delete(@Mixin AdminOptions admin,
               @Parameters(paramLabel = "USER_ID", description = "The user's id.") String userId,
               @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.") boolean yes) {
        return admin.delete(yes, "delete user " + userId + " for good", path(userId), "Deleted user " + userId + ".");
    }

    private static String path(String userId) {
        return "/admin/v1/users/" + ApiClient.encode(userId);
    }
}
