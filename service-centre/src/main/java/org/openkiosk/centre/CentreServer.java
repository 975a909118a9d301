package org.openkiosk.centre;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.openkiosk.centre.core.ApplicationService;
import org.openkiosk.centre.db.ApplicationRepository;
import org.openkiosk.centre.db.CentreDatabase;
import org.openkiosk.centre.health.DatabaseHealthCheck;
import org.openkiosk.centre.health.HealthResource;
import org.openkiosk.centre.http.ApplicationResource;
import org.openkiosk.centre.http.HttpApi;
import org.openkiosk.centre.http.StatsResource;
import org.openkiosk.sync.api.ApplicationSubmission;
import org.openkiosk.sync.api.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service centre: an embedded SQLite database in a data directory and the kiosk-facing HTTP
 * API. The one place where its parts are wired together.
 */
public final class CentreServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CentreServer.class);

    /** Largest request body accepted; larger ones get 413. */
    public static final long MAX_REQUEST_BYTES = 20L * 1024 * 1024;

    private final Javalin http;
    private final ApplicationService applications;
    private final String baseUrl;

    private CentreServer(Javalin http, ApplicationService applications, String baseUrl) {
        this.http = http;
        this.applications = applications;
        this.baseUrl = baseUrl;
    }

    /** Starts on 127.0.0.1 only. {@code port} 0 picks any free port. */
    public static CentreServer start(Path dataDir, int port) {
        return start(dataDir, "127.0.0.1", port);
    }

    /** Starts on the given interface ({@code "0.0.0.0"} for all, so kiosks on the network can reach it). */
    public static CentreServer start(Path dataDir, String host, int port) {
        CentreDatabase database = CentreDatabase.open(dataDir);
        ApplicationRepository repository = new ApplicationRepository(database);
        ApplicationService applications = new ApplicationService(repository, Clock.systemUTC());
        ObjectMapper json = Json.mapper();
        Javalin http = HttpApi.create(json, MAX_REQUEST_BYTES,
                new ApplicationResource(applications, json, MAX_REQUEST_BYTES),
                new StatsResource(applications),
                new HealthResource(new DatabaseHealthCheck(repository)));
        http.start(host, port);
        String shownHost = host.equals("0.0.0.0") ? "127.0.0.1" : host;
        String baseUrl = "http://" + shownHost + ":" + http.port();
        LOG.info("Service centre listening on {}:{} with data in {}", host, http.port(), dataDir);
        return new CentreServer(http, applications, baseUrl);
    }

    public int port() {
        return http.port();
    }

    /** {@code http://127.0.0.1:PORT}, no trailing slash. */
    public String baseUrl() {
        return baseUrl;
    }

    public long applicationCount() {
        return applications.count();
    }

    /** The stored application, documents included. */
    public Optional<ApplicationSubmission> findApplication(String applicationId) {
        return applications.find(applicationId);
    }

    @Override
    public void close() {
        int port = http.port();
        http.stop();
        LOG.info("Service centre on port {} stopped", port);
    }
}
