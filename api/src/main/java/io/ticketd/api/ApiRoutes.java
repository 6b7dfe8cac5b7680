package io.ticketd.api;

import io.netty.handler.codec.http.HttpMethod;
import io.ticketd.api.admin.AdminEndpoints;
import io.ticketd.api.console.ConsoleSessions;
import io.ticketd.api.console.SessionEndpoints;
import io.ticketd.api.console.SignInThrottle;
import io.ticketd.api.http.Route;
import io.ticketd.api.http.Router;
import io.ticketd.api.monitoring.MonitoringEndpoints;
import io.ticketd.api.users.UsersEndpoint;
import io.ticketd.api.ops.OpsEndpoints;
import io.ticketd.api.ops.ServerMetrics;
import io.ticketd.api.tickets.IngestEndpoint;
import io.ticketd.api.tickets.PageEndpoint;
import io.ticketd.api.web.WebAssets;
import io.ticketd.api.web.WebEndpoints;
import io.ticketd.engine.TicketEngine;
import io.ticketd.engine.registry.Registry;

import java.util.Set;

import static io.netty.handler.codec.http.HttpMethod.DELETE;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;
import static io.netty.handler.codec.http.HttpMethod.PUT;
import static io.ticketd.api.http.Route.blocking;
import static io.ticketd.api.http.Route.of;
import static io.ticketd.engine.registry.Scope.ADMIN;
import static io.ticketd.engine.registry.Scope.MONITORING_READ;
import static io.ticketd.engine.registry.Scope.MONITORING_WRITE;
import static io.ticketd.engine.registry.Scope.TICKETS_READ;
import static io.ticketd.engine.registry.Scope.TICKETS_WRITE;
import static io.ticketd.engine.registry.Scope.USERS_READ;

/**
 * Every route of the server, with the scope each needs: the table integrators and the
 * OpenAPI document ({@code ticketd-web/openapi.yaml}) read from, and that its contract
 * test holds the document to.
 */
public final class ApiRoutes {
    private ApiRoutes() {
    }

    public static Router build(ServerConfig config, TicketEngine engine, Registry registry, ServerMetrics metrics,
                               ConsoleSessions sessions) {
        OpsEndpoints ops = new OpsEndpoints(engine, metrics, config);
        IngestEndpoint ingest = new IngestEndpoint(engine, registry, config.maxTicketsPerRequest());
        PageEndpoint ownPage = new PageEndpoint(engine, registry, false);
        PageEndpoint accountPage = new PageEndpoint(engine, registry, true);
        MonitoringEndpoints monitoring = new MonitoringEndpoints(engine, registry, config.monitoringTimeout());
        AdminEndpoints admin = new AdminEndpoints(registry, monitoring);
        UsersEndpoint users = new UsersEndpoint(registry);
        SessionEndpoints session = new SessionEndpoints(registry, sessions,
                new SignInThrottle(engine.config().clockMicros()));
        WebEndpoints web = new WebEndpoints(new WebAssets());
        return new Router()
                .add(of("health", GET, "/health", null, ops::health))
                .add(of("metrics", GET, "/metrics", MONITORING_READ, ops::metrics))

                .add(of("tickets.ingest", POST, "/apip/tickets", TICKETS_WRITE, ingest))
                .add(of("tickets.page", GET, "/apip/tickets", TICKETS_READ, ownPage).takingQuery(PageEndpoint.PARAMETERS))
                .add(of("tickets.page.account", GET, "/cpos/{accountId}/apip/tickets", TICKETS_READ, accountPage)
                        .takingQuery(PageEndpoint.PARAMETERS))
                .add(of("cpos", GET, "/apip/cpos", TICKETS_READ, ops::cpos))
                .add(of("users", GET, "/apip/users", USERS_READ, users::users).takingQuery(Set.of("i")))
                .add(of("monitoring.push", POST, "/apip/stations/{stationId}/monitoring", MONITORING_WRITE, monitoring::push))
                .add(of("monitoring.station", GET, "/apip/stations/{stationId}/monitoring", MONITORING_READ,
                        monitoring::station))
                .add(of("monitoring.stations", GET, "/apip/monitoring", MONITORING_READ, monitoring::stations))

                .add(admin("admin.accounts.create", POST, "/admin/v1/accounts", admin::createAccount))
                .add(admin("admin.accounts.list", GET, "/admin/v1/accounts", admin::listAccounts))
                .add(admin("admin.accounts.get", GET, "/admin/v1/accounts/{accountId}", admin::getAccount))
                .add(admin("admin.stores.create", POST, "/admin/v1/accounts/{accountId}/stores", admin::createStore))
                .add(admin("admin.stores.list", GET, "/admin/v1/accounts/{accountId}/stores", admin::listStores))
                .add(admin("admin.stores.get", GET, "/admin/v1/stores/{storeId}", admin::getStore))
                .add(admin("admin.credentials.generate", POST, "/admin/v1/stores/{storeId}/credentials",
                        admin::generateStoreCredential))
                .add(admin("admin.credentials.get", GET, "/admin/v1/stores/{storeId}/credentials",
                        admin::getStoreCredential))
                .add(admin("admin.credentials.revoke", DELETE, "/admin/v1/stores/{storeId}/credentials",
                        admin::revokeStoreCredential))
                .add(admin("admin.keys.create", POST, "/admin/v1/accounts/{accountId}/keys", admin::createAccessKey))
                .add(admin("admin.keys.list", GET, "/admin/v1/accounts/{accountId}/keys", admin::listAccessKeys))
                .add(admin("admin.keys.get", GET, "/admin/v1/keys/{keyId}", admin::getAccessKey))
                .add(admin("admin.keys.disable", POST, "/admin/v1/keys/{keyId}/disable", admin::disableKey))
                .add(admin("admin.keys.enable", POST, "/admin/v1/keys/{keyId}/enable", admin::enableKey))
                .add(admin("admin.keys.delete", DELETE, "/admin/v1/keys/{keyId}", admin::deleteKey))
                .add(admin("admin.users.create", POST, "/admin/v1/accounts/{accountId}/users", admin::createUser))
                .add(admin("admin.users.list", GET, "/admin/v1/accounts/{accountId}/users", admin::listUsers)
                        .takingQuery(Set.of("offset", "limit")))
                .add(admin("admin.users.get", GET, "/admin/v1/users/{userId}", admin::getUser))
                .add(admin("admin.users.update", PUT, "/admin/v1/users/{userId}", admin::updateUser))
                .add(admin("admin.users.delete", DELETE, "/admin/v1/users/{userId}", admin::deleteUser))
                .add(admin("admin.monitoring", GET, "/admin/v1/accounts/{accountId}/monitoring", admin::stations))
                .add(admin("admin.audit", GET, "/admin/v1/audit", admin::audit).takingQuery(Set.of("accountId", "limit")))

                .add(blocking("console.session.create", POST, "/console/api/session", null, session::signIn))
                .add(of("console.session.get", GET, "/console/api/session", null, session::current))
                .add(of("console.session.delete", DELETE, "/console/api/session", null, session::signOut))

                .add(blocking("web.openapi", GET, "/openapi.yaml", null, web::openApi))
                .add(blocking("web.docs", GET, "/docs", null, web::docsIndex))
                .add(blocking("web.docs.file", GET, "/docs/{file}", null, web::docsFile))
                .add(blocking("web.console", GET, "/console", null, web::consoleIndex))
                .add(blocking("web.console.file", GET, "/console/{file}", null, web::consoleFile));
    }

    /** An admin API route: {@code admin} scope, blocking (registry writes sync), callable from a console session. */
    private static Route admin(String name, HttpMethod method, String pattern, Route.Endpoint endpoint) {
        return blocking(name, method, pattern, ADMIN, endpoint).acceptingSessions();
    }
}
