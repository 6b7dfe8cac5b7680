package io.ticketd.tools.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ticketd.engine.registry.Scope;
import io.ticketd.tools.CommandGroup;
import io.ticketd.tools.TicketdCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

import static io.ticketd.tools.admin.AdminTable.date;
import static io.ticketd.tools.admin.AdminTable.field;
import static io.ticketd.tools.admin.AdminTable.joined;

/**
 * {@code ticketd admin keys}: the access keys of an account, for integrators: create
 * (the secret is shown once), list, show, disable, enable, delete.
 */
@Command(name = "keys",
        mixinStandardHelpOptions = true,
        versionProvider = TicketdCommand.ManifestVersion.class,
        usageHelpAutoWidth = true,
        description = {"Access keys of an account, for integrators: each has scopes (tickets:read, …) and may be"
                + " limited to some stores. A key can be disabled and enabled again, or deleted for good."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  ticketd admin keys create --account acct_… --name erp --scope tickets:read",
                "  ticketd admin keys create --account acct_… --name pos-1 \\",
                "      --scope tickets:write --scope monitoring:write --store store-1",
                "  ticketd admin keys list --account acct_…",
                "  ticketd admin keys disable ak_…",
                "  ticketd admin keys delete ak_… --yes"})
final class KeysCommand extends CommandGroup {
    static final AdminTable KEY = AdminTable.of(
            field("Key ID", "keyId"),
            field("Account ID", "accountId"),
            field("Name", "name"),
            joined("Scopes", "scopes", "-"),
            joined("Stores", "stores", "(all)"),
            field("Status", "status"),
            date("Created", "createdDate"),
            date("Last used", "lastUsedDate"));
    static final AdminTable ISSUED = AdminTable.of(
            field("Key ID", "keyId"),
            field("Secret", "secret"),
            field("Header", "header"),
            field("Account ID", "accountId"),
            field("Name", "name"),
            joined("Scopes", "scopes", "-"),
            joined("Stores", "stores", "(all)"),
            field("Status", "status"),
            date("Created", "createdDate"));

    @Command(name = "create", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            versionProvider = TicketdCommand.ManifestVersion.class,
            description = {"Creates an access key of an account and prints its key id, its secret and the header"
                    + " value to send. The secret is shown this once."},
            footerHeading = "%nExamples:%n",
            footer = {
                    "  ticketd admin keys create --account acct_… --name erp --scope tickets:read",
                    "  ticketd admin keys create --account acct_… --name feed \\",
                    "      --scope tickets:read --scope tickets:write --store s-1 --store s-2"})
    int create(@Mixin AdminOptions admin,
               @Option(names = "--account", required = true, paramLabel = "ACCOUNT_ID",
                       description = "The account the key belongs to.") String accountId,
               @Option(names = "--name", required = true, paramLabel = "NAME",
                       description = "What the key is for, for people.") String name,
               @Option(names = "--scope", required = true, paramLabel = "SCOPE", converter = ScopeConverter.class,
                       completionCandidates = ScopeNames.class,
                       description = "What the key may do; repeat for several. One of: ${COMPLETION-CANDIDATES}.")
               List<String> scopes,
               @Option(names = "--store", paramLabel = "STORE_ID",
                       description = "Limit the key to this store of the account; repeat for several."
                               + " Default: every store of the account.") List<String> stores) {
        ObjectNode body = AdminJson.object().put("name", name);
        body.set("scopes", AdminJson.strings(scopes));
        if (stores != null) {
            body.set("stores", AdminJson.strings(stores));
        }
        return admin.issue(AdminOptions.accountPath(accountId, "keys"), body, ISSUED);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            versionProvider = TicketdCommand.ManifestVersion.class,
            description = "Lists the access keys of an account (never their secrets).",
            footerHeading = "%nExample:%n",
            footer = "  ticketd admin keys list --account acct_…")
    int list(@Mixin AdminOptions admin,
             @Option(names = "--account", required = true, paramLabel = "ACCOUNT_ID",
                     description = "The account whose keys to list.") String accountId) {
        return admin.list(AdminOptions.accountPath(accountId, "keys"), KEY, "No access keys in account " + accountId
                + ".");
    }

    @Command(name = "get", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            versionProvider = TicketdCommand.ManifestVersion.class,
            description = "Shows one access key (never its secret).",
            footerHeading = "%nExample:%n",
            footer = "  ticketd admin keys get ak_…")
    int get(@Mixin AdminOptions admin,
            @Parameters(paramLabel = "KEY_ID", description = "The key's id (ak_…).") String keyId) {
        return admin.show(path(keyId), KEY);
    }

    @Command(name = "disable", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            versionProvider = TicketdCommand.ManifestVersion.class,
            description = "Disables an access key: requests with it are refused until it is enabled again.",
            footerHeading = "%nExample:%n",
            footer = "  ticketd admin keys disable ak_…")
    int disable(@Mixin AdminOptions admin,
                @Parameters(paramLabel = "KEY_ID", description = "The key's id (ak_…).") String keyId) {
        return admin.call("POST", path(keyId) + "/disable", null, KEY);
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            versionProvider = TicketdCommand.ManifestVersion.class,
            description = "Enables a disabled access key again, with the same secret.",
            footerHeading = "%nExample:%n",
            footer = "  ticketd admin keys enable ak_…")
    int enable(@Mixin AdminOptions admin,
               @Parameters(paramLabel = "KEY_ID", description = "The key's id (ak_…).") String keyId) {
        return admin.call("POST", path(keyId) + "/enable", null, KEY);
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            versionProvider = TicketdCommand.ManifestVersion.class,
            description = {"Deletes an access key for good: requests with it are refused, and it cannot be enabled"
                    + " again.",
                    "Asks for confirmation on a terminal; elsewhere (a script, a pipe) it needs --yes."},
            footerHeading = "%nExample:%n",
            footer = "  ticketd admin keys delete ak_… --yes")
    int delete(@Mixin AdminOptions admin,
               @Parameters(paramLabel = "KEY_ID", description = "The key's id (ak_…).") String keyId,
               @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.") boolean yes) {
        return admin.delete(yes, "delete access key " + keyId + " for good", path(keyId),
                "Deleted access key " + keyId + ".");
    }

    private static String path(String keyId) {
        return "/admin/v1/keys/" + ApiClient.encode(keyId);
    }

    /** The scopes an access key may have: every scope but admin, by wire name. */
    static final class ScopeNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Scope.values()).filter(s -> s != Scope.ADMIN).map(Scope::wireName).iterator();
        }
    }

    /** A scope's wire name, checked against {@link ScopeNames}. */
    static final class ScopeConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            Scope scope = Scope.fromWireName(value.strip());
            if (scope == null || scope == Scope.ADMIN) {
                throw new TypeConversionException("'" + value + "' is not a scope of an access key; one of: "
                        + String.join(", ", new ScopeNames()));
            }
            return scope.wireName();
        }
    }
}
