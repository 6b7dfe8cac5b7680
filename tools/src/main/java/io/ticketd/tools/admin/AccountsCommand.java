package io.ticketd.tools.admin;

import io.ticketd.tools.CommandGroup;
import io.ticketd.tools.TicketdCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import static io.ticketd.tools.admin.AdminTable.date;
import static io.ticketd.tools.admin.AdminTable.field;

/**
 * {@code ticketd admin accounts}: create, list and show accounts (tenants), which own
 * stores, users and access keys.
 */
@Command(name = "accounts",
        mixinStandardHelpOptions = true,
        versionProvider = TicketdCommand.ManifestVersion.class,
        usageHelpAutoWidth = true,
        description = "Accounts (tenants): each owns its stores, users and access keys.",
        footerHeading = "%nExamples:%n",
        footer = {
                "  ticketd admin accounts create \"Acme Fuel\"",
                "  ticketd admin accounts list",
                "  ticketd admin accounts get acct_…"})
final class AccountsCommand extends CommandGroup {
    static final AdminTable ACCOUNT = AdminTable.of(
            field("Account ID", "accountId"),
            field("Name", "name"),
            date("Created", "createdDate"));

    @Command(name = "create", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            versionProvider = TicketdCommand.ManifestVersion.class,
            description = "Creates an account and prints it, with the account id the other commands take.",
            footerHeading = "%nExample:%n",
            footer = "  ticketd admin accounts create \"Acme Fuel\"")
    int create(@Mixin AdminOptions admin,
               @Parameters(paramLabel = "NAME", description = "The account's name, for people.") String name) {
        return admin.call("POST", "/admin/v1/accounts", AdminJson.object().put("name", name), ACCOUNT);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            versionProvider = TicketdCommand.ManifestVersion.class,
            description = "Lists every account of the server.",
            footerHeading = "%nExample:%n",
            footer = "  ticketd admin accounts list --json")
    int list(@Mixin AdminOptions admin) {
        return admin.list("/admin/v1/accounts", ACCOUNT,
                "No accounts yet: create one with 'ticketd admin accounts create NAME'.");
    }

    @Command(name = "get", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            versionProvider = TicketdCommand.ManifestVersion.class,
            description = "Shows one account.",
            footerHeading = "%nExample:%n",
            footer = "  ticketd admin accounts get acct_…")
    int get(@Mixin AdminOptions admin,
            @Parameters(paramLabel = "ACCOUNT_ID", description = "The account's id (acct_…).") String accountId) {
        return admin.show("/admin/v1/accounts/" + ApiClient.encode(accountId), ACCOUNT);
    }
}
