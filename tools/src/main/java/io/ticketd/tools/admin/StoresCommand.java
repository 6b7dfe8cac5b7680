package io.ticketd.tools.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ticketd.tools.CommandGroup;
import io.ticketd.tools.TicketdCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import static io.ticketd.tools.admin.AdminTable.date;
import static io.ticketd.tools.admin.AdminTable.field;

/**
 * {@code ticketd admin stores}: create, list and show the stores (sites, stations) of
 * an account. A store id is global to the server.
 */
@Command(name = "stores",
        mixinStandardHelpOptions = true,
        versionProvider = TicketdCommand.ManifestVersion.class,
        usageHelpAutoWidth = true,
        description = {"Stores (sites, stations) of an account; POS feeds send tickets for a store.",
                "A store id is 1 to 64 characters of A-Z a-z 0-9 . _ - and unique on the server."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  ticketd admin stores create --account acct_… store-1 --name \"Main Street\"",
                "  ticketd admin stores list --account acct_…",
                "  ticketd admin stores get store-1"})
final class StoresCommand extends CommandGroup {
    static final AdminTable STORE = AdminTable.of(
            field("Store ID", "storeId"),
            field("Account ID", "accountId"),
            field("Name", "name"),
            field("Credential", "credentialStatus"),
            field("Credential key ID", "credentialKeyId"),
            date("Created", "createdDate"));

    @Command(name = "create", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            versionProvider = TicketdCommand.ManifestVersion.class,
            description = {"Creates a store of an account. It has no credential yet: give it one with"
                    + " 'ticketd admin credentials generate STORE_ID'."},
            footerHeading = "%nExample:%n",
            footer = "  ticketd admin stores create --account acct_… store-1 --name \"Main Street\"")
    int create(@Mixin AdminOptions admin,
               @Option(names = "--account", required = true, paramLabel = "ACCOUNT_ID",
                       description = "The account the store belongs to.") String accountId,
               @Parameters(paramLabel = "STORE_ID", description = "The store's id, as the POS feed sends it.")
               String storeId,
               @Option(names = "--name", paramLabel = "NAME", description = "A name for people. Default: the store id.")
               String name) {
        ObjectNode body = AdminJson.object().put("storeId", storeId);
        if (name != null) {
            body.put("name", name);
        }
        return admin.call("POST", AdminOptions.accountPath(accountId, "stores"), body, STORE);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            versionProvider = TicketdCommand.ManifestVersion.class,
            description = "Lists the stores of an account, with the status of each one's credential.",
            footerHeading = "%nExample:%n",
            footer = "  ticketd admin stores list --account acct_…")
    int list(@Mixin AdminOptions admin,
             @Option(names = "--account", required = true, paramLabel = "ACCOUNT_ID",
                     description = "The account whose stores to list.") String accountId) {
        return admin.list(AdminOptions.accountPath(accountId, "stores"), STORE, "No stores in account " + accountId
                + ".");
    }

    @Command(name = "get", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            versionProvider = TicketdCommand.ManifestVersion.class,
            description = "Shows one store, with the status of its credential.",
            footerHeading = "%nExample:%n",
            footer = "  ticketd admin stores get store-1")
    int get(@Mixin AdminOptions admin,
            @Parameters(paramLabel = "STORE_ID", description = "The store's id.") String storeId) {
        return admin.show("/admin/v1/stores/" + ApiClient.encode(storeId), STORE);
    }
}
