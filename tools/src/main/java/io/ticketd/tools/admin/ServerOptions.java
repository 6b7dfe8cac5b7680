package io.ticketd.tools.admin;

import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;

/**
 * Where the HTTP clients among the commands ({@code admin}, {@code export}) find the
 * server and its admin credential: {@code --url} and {@code --admin-credentials}, with
 * their environment variables and defaults. A picocli mixin; thread-safety: none, one
 * per command.
 */
public final class ServerOptions {
    @Option(names = "--url", paramLabel = "URL", defaultValue = "${env:TICKETD_URL:-http://127.0.0.1:8080}",
            converter = UrlConverter.class,
            description = "Base URL of the ticketd server. Env TICKETD_URL. Default: ${DEFAULT-VALUE}.")
    private URI url;

    @Option(names = "--admin-credentials", paramLabel = "FILE",
            defaultValue = "${env:TICKETD_ADMIN_CREDENTIALS:-./data/admin.credentials}",
            description = "File holding the admin credential as AKI=…;AKS=… (the server writes"
                    + " <data-dir>/admin.credentials on its first start). Env TICKETD_ADMIN_CREDENTIALS."
                    + " Default: ${DEFAULT-VALUE}.")
    private Path adminCredentials;

    /** The server's base URL, without a trailing slash. */
    public URI url() {
        return url;
    }

    /** The admin credential read from {@code --admin-credentials}. */
    public ApiCredential adminCredential() throws ClientSetupException {
        return ApiCredential.readFile(adminCredentials);
    }
}
