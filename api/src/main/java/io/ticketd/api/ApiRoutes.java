package io.ticketd.api;

import io.ticketd.api.admin.AdminEndpoints;
import io.ticketd.api.http.Router;
import io.ticketd.api.monitoring.MonitoringEndpoints;
import io.ticketd.api.users.UsersEndpoint;
import io.ticketd.api.ops.OpsEndpoints;
import io.ticketd.api.ops.ServerMetrics;
import io.ticketd.api.tickets.IngestEndpoint;
import io.ticketd.api.tickets.PageEndpoint;
import io.ticketd.engine.TicketEngine;
import io.ticketd.engine.registry.Registry;

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
 * Every route of the HTTP API, with the scope each needs: the table integrators
 * and the OpenAPI document read from.
 */
public final class ApiRoutes {
    private ApiRoutes() {
    }

    public static Router build(ServerConfig config, TicketEngine engine, Registry registry, ServerMetrics metrics) {
        OpsEndpoints ops = new OpsEndpoints(engine, metrics, config);
        AdminEndpoints admin = new AdminEndpoints(registry);
        IngestEndpoint ingest = new IngestEndpoint(engine, registry, config.maxTicketsPerRequest());
        PageEndpoint ownPage = new PageEndpoint(engine, registry, false);
        PageEndpoint accountPage = new PageEndpoint(engine, registry, true);
        MonitoringEndpoints monitoring = new MonitoringEndpoints(engine, registry, config.monitoringTimeout());
        UsersEndpoint users = new UsersEndpoint(registry);
        return new Router()
                .add(of("health", GET, "/health", null, ops::health))
                .add(of("metrics", GET, "/metrics", MONITORING_READ, ops::metrics))

                .add(of("tickets.ingest", POST, "/apip/tickets", TICKETS_WRITE, ingest))
                .add(of("tickets.page", GET, "/apip/tickets", TICKETS_READ, ownPage))
                .add(of("tickets.page.account", GET, "/cpos/{accountId}/apip/tickets", TICKETS_READ, accountPage))
                .add(of("cpos", GET, "/apip/cpos", TICKETS_READ, ops::cpos))
                .add(of("users", GET, "/apip/users", USERS_READ, users::users))
                .add(of("monitoring.push", POST, "/apip/stations/{stationId}/monitoring", MONITORING_WRITE, monitoring::push))
                .add(of("monitoring.station", GET, "/apip/stations/{stationId}/monitoring", MONITORING_READ,
                        monitoring::station))
                .add(of("monitoring.stations", GET, "/apip/monitoring", MONITORING_READ, monitoring::stations))

                .add(blocking("admin.accounts.create", POST, "/admin/v1/accounts", ADMIN, admin::createAccount))
                .add(blocking("admin.accounts.list", GET, "/admin/v1/accounts", ADMIN, admin::listAccounts))
                .add(blocking("admin.accounts.get", GET, "/admin/v1/accounts/{accountId}", ADMIN, admin::getAccount))
                .add(blocking("admin.stores.create", POST, "/admin/v1/accounts/{accountId}/stores", ADMIN, admin::createStore))
                .add(blocking("admin.stores.list", GET, "/admin/v1/accounts/{accountId}/stores", ADMIN, admin::listStores))
                .add(blocking("admin.stores.get", GET, "/admin/v1/stores/{storeId}", ADMIN, admin::getStore))
                .add(blocking("admin.credentials.generate", POST, "/admin/v1/stores/{storeId}/credentials", ADMIN,
                        admin::generateStoreCredential))
                .add(blocking("admin.credentials.get", GET, "/admin/v1/stores/{storeId}/credentials", ADMIN,
                        admin::getStoreCredential))
                .add(blocking("admin.credentials.revoke", DELETE, "/admin/v1/stores/{storeId}/credentials", ADMIN,
                        admin::revokeStoreCredential))
                .add(blocking("admin.keys.create", POST, "/admin/v1/accounts/{accountId}/keys", ADMIN, admin::createAccessKey))
                .add(blocking("admin.keys.list", GET, "/admin/v1/accounts/{accountId}/keys", ADMIN, admin::listAccessKeys))
                .add(blocking("admin.keys.get", GET, "/admin/v1/keys/{keyId}", ADMIN, admin::getAccessKey))
                .add(blocking("admin.keys.disable", POST, "/admin/v1/keys/{keyId}/disable", ADMIN, admin::disableKey))
                .add(blocking("admin.keys.enable", POST, "/admin/v1/keys/{keyId}/enable", ADMIN, admin::enableKey))
                .add(blocking("admin.keys.delete", DELETE, "/admin/v1/keys/{keyId}", ADMIN, admin::deleteKey))
                .add(blocking("admin.users.create", POST, "/admin/v1/accounts/{accountId}/users", ADMIN, admin::createUser))
                .add(blocking("admin.users.list", GET, "/admin/v1/accounts/{accountId}/users", ADMIN, admin::listUsers))
                .add(blocking("admin.users.get", GET, "/admin/v1/users/{userId}", ADMIN, admin::getUser))
                .add(blocking("admin.users.update", PUT, "/admin/v1/users/{userId}", ADMIN, admin::updateUser))
                .add(blocking("admin.users.delete", DELETE, "/admin/v1/users/{userId}", ADMIN, admin::deleteUser))
                .add(blocking("admin.audit", GET, "/admin/v1/audit", ADMIN, admin::audit));
    }
}
