package io.ticketd.tools.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ticketd.tools.TicketdCommand;
import io.ticketd.tools.admin.TicketdTestServer.CommandRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every {@code ticketd admin} command in-process against a server started in the
 * test (127.0.0.1, a free port), and checks its effect over plain HTTP: a generated
 * store credential's printed header authenticates a ticket until it is revoked, an
 * access key's scopes and stores are enforced, disable/enable/delete take effect, users
 * are created, listed, updated and deleted. Failures: the server's refusal is printed as
 * {@code <status> <code>: <message>} with exit code 1; bad usage, an unreachable server
 * or an unreadable credential exit 2 with one line.
 */
class AdminCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ACCOUNT_ID = Pattern.compile("acct_[a-z0-9]+");
    private static final Pattern HEADER = Pattern.compile("X-API-Key AKI=ak_[A-Za-z0-9]+;AKS=sk_[A-Za-z0-9]+");

    @TempDir
    Path dir;

    private TicketdTestServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = TicketdTestServer.start(dir);
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    /** Runs {@code ticketd admin RESOURCE VERB …} against the test server. */
    private CommandRun admin(String resource, String verb, String... args) {
        List<String> all = new ArrayList<>(List.of(resource, verb, "--url", server.url(),
                "--admin-credentials", server.adminFile().toString()));
        all.addAll(List.of(args));
        return TicketdTestServer.run(new AdminCommand(), all.toArray(String[]::new));
    }

    /** Runs the command with {@code --json}, expects success, and parses what it printed. */
    private JsonNode adminJson(String resource, String verb, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--json");
        CommandRun run = admin(resource, verb, all.toArray(String[]::new));
        assertThat(run.exit()).as("exit code; stderr: %s", run.err()).isZero();
        return JSON.readTree(run.out());
    }

    private static String ticket(String storeId, String ticketId) {
        return "{\"ticketId\":\"" + ticketId + "\",\"storeId\":\"" + storeId
                + "\",\"startDate\":1767225600000000,\"type\":\"SALE\",\"total\":1250}";
    }

    private int readTickets(String header, String storeId) throws Exception {
        String query = "/apip/tickets?startDate=0" + (storeId == null ? "" : "&storeId=" + storeId);
        return server.request("GET", query, header, null).statusCode();
    }

    private String createAccount(String name) throws Exception {
        return adminJson("accounts", "create", name).get("accountId").asText();
    }

    @Test
    void shouldCreateAnAccountAndAStoreAndGenerateACredentialWhosePrintedHeaderWorksUntilRevoked() throws Exception {
        CommandRun created = admin("accounts", "create", "Acme Fuel");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).contains("Account ID:").contains("Acme Fuel").containsPattern("Created: +20\\d\\d-");
        Matcher id = ACCOUNT_ID.matcher(created.out());
        assertThat(id.find()).isTrue();
        String account = id.group();

        assertThat(admin("accounts", "get", account).out()).contains(account).contains("Acme Fuel");
        CommandRun list = admin("accounts", "list");
        assertThat(list.out()).startsWith("ACCOUNT ID").contains(account);
        JsonNode accounts = adminJson("accounts", "list");
        assertThat(accounts.isArray()).isTrue();
        assertThat(accounts.findValuesAsText("accountId")).contains(account);

        CommandRun store = admin("stores", "create", "--account", account, "store-1", "--name", "Main Street");
        assertThat(store.exit()).as(store.err()).isZero();
        assertThat(store.out()).contains("store-1").contains("Main Street");
        assertThat(admin("stores", "list", "--account", account).out()).startsWith("STORE ID").contains("store-1");
        assertThat(adminJson("stores", "get", "store-1").get("accountId").asText()).isEqualTo(account);

        CommandRun generated = admin("credentials", "generate", "store-1");
        assertThat(generated.exit()).as(generated.err()).isZero();
        assertThat(generated.out()).contains("Key ID:").contains("Secret:").contains("shown this once");
        Matcher header = HEADER.matcher(generated.out());
        assertThat(header.find()).as("the header value in %s", generated.out()).isTrue();
        assertThat(server.postTickets(header.group(), ticket("store-1", "T-1"))).isEqualTo(200);
        assertThat(admin("credentials", "status", "store-1").out()).contains("Key Active");

        CommandRun revoked = admin("credentials", "revoke", "store-1", "--yes");
        assertThat(revoked.exit()).as(revoked.err()).isZero();
        assertThat(revoked.out()).contains("Key Inactive");
        assertThat(server.postTickets(header.group(), ticket("store-1", "T-2"))).isEqualTo(401);
        assertThat(adminJson("credentials", "status", "store-1").get("status").asText()).isEqualTo("Key Inactive");
    }

    @Test
    void shouldRefuseToRevokeWithoutYesWhenThereIsNoTerminalAndLeaveTheCredentialWorking() throws Exception {
        String account = createAccount("No Terminal");
        admin("stores", "create", "--account", account, "store-nt");
        String header = adminJson("credentials", "generate", "store-nt").get("header").asText();

        CommandRun refused = admin("credentials", "revoke", "store-nt");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).startsWith("ticketd admin: refusing to revoke the credential of store store-nt"
                + " (its POS feed will be refused) without --yes").contains("not a terminal");
        assertThat(refused.out()).isEmpty();
        assertThat(server.postTickets(header, ticket("store-nt", "T-1"))).isEqualTo(200);
    }

    @Test
    void shouldEnforceTheScopesAndStoresOfAnAccessKeyAndDisableEnableAndDeleteIt() throws Exception {
        String account = createAccount("Keys");
        admin("stores", "create", "--account", account, "k-store-1");
        admin("stores", "create", "--account", account, "k-store-2");

        CommandRun created = admin("keys", "create", "--account", account, "--name", "reader",
                "--scope", "tickets:read");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).contains("tickets:read").contains("(all)").contains("shown this once");
        Matcher readerHeader = HEADER.matcher(created.out());
        assertThat(readerHeader.find()).isTrue();
        String reader = readerHeader.group();
        String readerId = reader.substring(reader.indexOf("AKI=") + 4, reader.indexOf(';'));
        assertThat(readTickets(reader, null)).isEqualTo(200);
        assertThat(server.postTickets(reader, ticket("k-store-1", "T-1"))).isEqualTo(403);

        JsonNode writer = adminJson("keys", "create", "--account", account, "--name", "feed",
                "--scope", "tickets:read", "--scope", "tickets:write", "--store", "k-store-1");
        assertThat(writer.get("scopes").toString()).isEqualTo("[\"tickets:read\",\"tickets:write\"]");
        assertThat(writer.get("stores").toString()).isEqualTo("[\"k-store-1\"]");
        String feed = writer.get("header").asText();
        assertThat(server.postTickets(feed, ticket("k-store-1", "T-2"))).isEqualTo(200);
        assertThat(server.postTickets(feed, ticket("k-store-2", "T-3"))).isEqualTo(403);
        assertThat(readTickets(feed, "k-store-2")).isEqualTo(403);

        CommandRun list = admin("keys", "list", "--account", account);
        assertThat(list.out()).startsWith("KEY ID").contains("reader").contains("feed").contains("k-store-1")
                .doesNotContain("sk_");
        assertThat(adminJson("keys", "get", readerId).get("name").asText()).isEqualTo("reader");

        assertThat(admin("keys", "disable", readerId).out()).contains("disabled");
        assertThat(readTickets(reader, null)).isEqualTo(401);
        assertThat(adminJson("keys", "enable", readerId).get("status").asText()).isEqualTo("enabled");
        assertThat(readTickets(reader, null)).isEqualTo(200);

        CommandRun notConfirmed = admin("keys", "delete", readerId);
        assertThat(notConfirmed.exit()).isEqualTo(2);
        assertThat(notConfirmed.err()).contains("refusing to delete access key " + readerId);
        assertThat(readTickets(reader, null)).isEqualTo(200);

        CommandRun deleted = admin("keys", "delete", readerId, "--yes");
        assertThat(deleted.exit()).as(deleted.err()).isZero();
        assertThat(deleted.out()).isEqualTo("Deleted access key " + readerId + "." + System.lineSeparator());
        assertThat(readTickets(reader, null)).isEqualTo(401);
        CommandRun gone = admin("keys", "get", readerId);
        assertThat(gone.exit()).isEqualTo(1);
        assertThat(gone.err()).startsWith("ticketd admin: 404 not_found: ");
    }

    @Test
    void shouldCreateListUpdateAndDeleteUsers() throws Exception {
        String account = createAccount("Users");
        JsonNode ada = adminJson("users", "create", "--account", account, "--first-name", "Ada", "--last-name",
                "Lovelace", "--email", "ada@example.com", "--group", "managers", "--group", "night-shift");
        String adaId = ada.get("userId").asText();
        assertThat(ada.get("userGroups").toString()).isEqualTo("[\"managers\",\"night-shift\"]");
        CommandRun grace = admin("users", "create", "--account", account, "--first-name", "Grace", "--last-name",
                "Hopper", "--email", "grace@example.com");
        assertThat(grace.exit()).as(grace.err()).isZero();
        assertThat(grace.out()).contains("grace@example.com").containsPattern("Groups: +-");
        adminJson("users", "create", "--account", account, "--first-name", "Alan", "--last-name", "Turing",
                "--email", "alan@example.com");

        CommandRun list = admin("users", "list", "--account", account);
        assertThat(list.out()).startsWith("USER ID").contains("ada@example.com").contains("managers,night-shift")
                .contains("grace@example.com").contains("alan@example.com");
        JsonNode second = adminJson("users", "list", "--account", account, "--offset", "1", "--limit", "1");
        assertThat(second).hasSize(1);
        assertThat(second.get(0).get("emailAddress").asText()).isEqualTo("grace@example.com");

        JsonNode updated = adminJson("users", "update", adaId, "--first-name", "Augusta", "--no-groups");
        assertThat(updated.get("firstName").asText()).isEqualTo("Augusta");
        assertThat(updated.get("lastName").asText()).isEqualTo("Lovelace");
        assertThat(updated.get("userGroups").isNull() || updated.get("userGroups").isEmpty()).isTrue();
        assertThat(adminJson("users", "update", adaId, "--group", "auditors").get("userGroups").toString())
                .isEqualTo("[\"auditors\"]");
        CommandRun accented = admin("users", "update", adaId, "--last-name", "L\u00f6velace", "--json");
        assertThat(accented.out()).as("JSON in ASCII whatever the platform's charset")
                .contains("\"lastName\":\"L\\u00F6velace\"");
        assertThat(JSON.readTree(accented.out()).get("lastName").asText()).isEqualTo("L\u00f6velace");
        assertThat(admin("users", "get", adaId).out()).contains("Augusta").contains("auditors");

        CommandRun deleted = admin("users", "delete", adaId, "-y");
        assertThat(deleted.exit()).as(deleted.err()).isZero();
        assertThat(deleted.out()).contains("Deleted user " + adaId);
        CommandRun gone = admin("users", "get", adaId);
        assertThat(gone.exit()).isEqualTo(1);
        assertThat(gone.err()).startsWith("ticketd admin: 404 not_found: ");
    }

    @Test
    void shouldPrintTheServersRefusalAndExit1() throws Exception {
        String account = createAccount("Duplicates");
        assertThat(admin("stores", "create", "--account", account, "dup-1").exit()).isZero();
        JsonNode direct = JSON.readTree(server.request("POST", "/admin/v1/accounts/" + account + "/stores",
                server.adminHeader(), "{\"storeId\":\"dup-1\"}").body());

        CommandRun duplicate = admin("stores", "create", "--account", account, "dup-1");
        assertThat(duplicate.exit()).isEqualTo(1);
        assertThat(duplicate.out()).isEmpty();
        assertThat(duplicate.err()).isEqualTo("ticketd admin: 409 conflict: " + direct.at("/error/message").asText()
                + System.lineSeparator());

        CommandRun unknown = admin("stores", "list", "--account", "acct_nosuchaccount");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).startsWith("ticketd admin: 404 not_found: ");

        Path wrong = dir.resolve("wrong.credentials");
        Files.writeString(wrong, "AKI=ak_AAAAAAAAAAAAAAAAAAAAAA;AKS=sk_nope");
        CommandRun refused = TicketdTestServer.run(new AdminCommand(), "accounts", "list", "--url", server.url(),
                "--admin-credentials", wrong.toString());
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).startsWith("ticketd admin: 401 unauthenticated: ");
    }

    @Test
    void shouldExit2WithOneLineOnBadUsageUnreachableServerOrUnreadableCredential() throws Exception {
        String account = createAccount("Usage");
        Map<String, CommandRun> runs = Map.of(
                "missing --account", admin("stores", "create", "store-u"),
                "admin scope", admin("keys", "create", "--account", account, "--name", "n", "--scope", "admin"),
                "unknown scope", admin("keys", "create", "--account", account, "--name", "n", "--scope", "everything"),
                "groups and no groups", admin("users", "update", "usr_x", "--group", "g", "--no-groups"),
                "nothing to update", admin("users", "update", "usr_x"),
                "limit 0", admin("users", "list", "--account", account, "--limit", "0"),
                "no resource", TicketdTestServer.run(new AdminCommand()),
                "no verb", TicketdTestServer.run(new AdminCommand(), "accounts"),
                "ftp url", TicketdTestServer.run(new AdminCommand(), "accounts", "list", "--url", "ftp://host"));
        runs.forEach((what, run) -> assertThat(run.exit()).as(what + ": " + run.err()).isEqualTo(2));
        assertThat(runs.get("unknown scope").err()).contains("'everything' is not a scope of an access key; one of:"
                + " tickets:read, tickets:write, users:read, monitoring:read, monitoring:write");
        assertThat(runs.get("groups and no groups").err()).contains("--group and --no-groups exclude each other");
        assertThat(runs.get("no resource").err()).contains("Missing command: one of accounts, stores, credentials,"
                + " keys, users");

        String unreachable = TicketdTestServer.unreachableUrl();
        CommandRun down = TicketdTestServer.run(new AdminCommand(), "accounts", "list", "--url", unreachable,
                "--admin-credentials", server.adminFile().toString());
        assertThat(down.exit()).isEqualTo(2);
        assertThat(down.err()).startsWith("ticketd admin: cannot connect to " + unreachable).hasLineCount(1);

        Path missing = dir.resolve("no-such.credentials");
        CommandRun noFile = TicketdTestServer.run(new AdminCommand(), "accounts", "list", "--url", server.url(),
                "--admin-credentials", missing.toString());
        assertThat(noFile.exit()).isEqualTo(2);
        assertThat(noFile.err()).isEqualTo("ticketd admin: cannot read the credential file " + missing
                + ": no such file or directory: " + missing + " (the server writes <data-dir>/admin.credentials on"
                + " its first start; give its path with --admin-credentials or TICKETD_ADMIN_CREDENTIALS)"
                + System.lineSeparator());

        Path garbage = dir.resolve("garbage.credentials");
        Files.writeString(garbage, "hello", StandardCharsets.UTF_8);
        CommandRun bad = TicketdTestServer.run(new AdminCommand(), "accounts", "list", "--url", server.url(),
                "--admin-credentials", garbage.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("does not hold a credential").hasLineCount(1);
    }

    @Test
    void shouldPrintTheStackTraceOnlyWithTheGlobalVerboseOption() throws Exception {
        String unreachable = TicketdTestServer.unreachableUrl();
        String[] args = {"admin", "accounts", "list", "--url", unreachable, "--admin-credentials",
                server.adminFile().toString()};
        CommandRun quiet = TicketdTestServer.run(TicketdCommand.commandLine(), args);
        assertThat(quiet.exit()).isEqualTo(2);
        assertThat(quiet.err()).hasLineCount(1);

        List<String> verboseArgs = new ArrayList<>(List.of(args));
        verboseArgs.add("--verbose");
        CommandRun verbose = TicketdTestServer.run(TicketdCommand.commandLine(), verboseArgs.toArray(String[]::new));
        assertThat(verbose.exit()).isEqualTo(2);
        assertThat(verbose.err()).startsWith(quiet.err()).contains("java.net.ConnectException").contains("\tat ");
    }

    @Test
    void shouldDescribeEveryCommandWithExamplesInItsHelp() {
        CommandLine admin = new CommandLine(new AdminCommand());
        List<String> checked = new ArrayList<>();
        admin.getSubcommands().forEach((resource, resourceLine) -> {
            if (resource.equals("help")) {
                return;
            }
            CommandRun resourceHelp = TicketdTestServer.run(new AdminCommand(), resource, "--help");
            assertThat(resourceHelp.exit()).isZero();
            assertThat(resourceHelp.out()).contains("Examples:");
            resourceLine.getSubcommands().forEach((verb, verbLine) -> {
                CommandRun help = TicketdTestServer.run(new AdminCommand(), resource, verb, "--help");
                assertThat(help.exit()).as(resource + " " + verb).isZero();
                assertThat(help.out()).as(resource + " " + verb).contains("Usage: admin " + resource + " " + verb)
                        .contains("--url").contains("--admin-credentials").contains("--json")
                        .containsPattern("Examples?:");
                checked.add(resource + " " + verb);
            });
        });
        assertThat(checked).containsExactlyInAnyOrder("accounts create", "accounts list", "accounts get",
                "stores create", "stores list", "stores get", "credentials generate", "credentials status",
                "credentials revoke", "keys create", "keys list", "keys get", "keys disable", "keys enable",
                "keys delete", "users create", "users list", "users get", "users update", "users delete");
    }
}
