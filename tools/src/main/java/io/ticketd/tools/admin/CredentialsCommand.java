package io.ticketd.tools.admin;

import io.ticketd.tools.CommandGroup;
import io.ticketd.tools.TicketdCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import static io.ticketd.tools.admin.AdminTable.date;
import static io.ticketd.tools.admin.AdminTable.field;

/**
 * {@code ticketd admin credentials}: a store's own credential, the one its POS feed
 * sends: generate (the secret is shown once), show its status, revoke.
 */
@Command(name = "credentials",
        mixinStandardHelpOptions = true,
        versionProvider = TicketdCommand.ManifestVersion.class,
        usageHelpAutoWidth = true,
        description = {"The credential of a store: what its POS feed sends as"
                + " 'Authentication: X-API-Key AKI=…;AKS=…'. It reads and writes that store's tickets and"
                + " monitoring. A store has at most one; generating a new one replaces the old one at once."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  ticketd admin credentials generate store-1",
                "  ticketd admin credentials status store-1",
                "  ticketd admin credentials revoke store-1 --yes"})
final class CredentialsCommand extends CommandGroup {
    static final AdminTable ISSUED = AdminTable.of(
            field("Store ID", "storeId"),
            field("Key ID", "keyId"),
            field("Secret", "secret"),
            field("Header", "header"),
            field("Status", "status"),
            date("Created", "createdDate"));
    static final AdminTable STATUS = AdminTable.of(
            field("Store ID", "storeId"),
            field("Status", "status"),
            field("Key ID", "keyId"),
            date("Created", "createdDate"));

    @Command(name = "generate", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            versionProvider = TicketdCommand.ManifestVersion.class,
            description = {"Generates a new credential for a store and prints its key id, its secret and the"
                    + " header value the POS feed sends. The secret is shown this once.",
                    "A credential the store had is replaced: feeds still sending it are refused from now on."},
            footerHeading = "%nExample:%n",
            footer = "  ticketd admin credentials generate store-1")
    int generate(@Mixin AdminOptions admin,
                 @Parameters(paramLabel = "STORE_ID", description = "The store's id.") String storeId) {
        return admin.issue(path(storeId), null, ISSUED);
    }

    @Command(name = "status", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            versionProvider = TicketdCommand.ManifestVersion.class,
            description = "Shows whether a store's credential is active (Key Active) or not (Key Inactive), and its"
                    + " key id. Never the secret.",
            footerHeading = "%nExample:%n",
            footer = "  ticketd admin credentials status store-1")
    int status(@Mixin AdminOptions admin,
               @Parameters(paramLabel = "STORE_ID", description = "The store's id.") String storeId) {
        return admin.show(path(storeId), STATUS);
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            versionProvider = TicketdCommand.ManifestVersion.class,
            description = {"Revokes a store's credential: the store becomes Key Inactive and its POS feed is refused"
                    + " until a new credential is generated.",
                    "Asks for confirmation on a terminal; elsewhere (a script, a pipe) it needs --yes."},
            footerHeading = "%nExample:%n",
            footer = "  ticketd admin credentials revoke store-1 --yes")
    int revoke(@Mixin AdminOptions admin,
               @Parameters(paramLabel = "STORE_ID", description = "The store's id.") String storeId,
               @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.") boolean yes) {
        return admin.runConfirmed(yes, "revoke the credential of store " + storeId
                        + " (its POS feed will be refused)",
                api -> admin.printRecord(api.content("DELETE", path(storeId), null), STATUS));
    }

    private static String path(String storeId) {
        return "/admin/v1/stores/" + ApiClient.encode(storeId) + "/credentials";
    }
}
