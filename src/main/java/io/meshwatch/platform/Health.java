package io.meshwatch.platform;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** /health/ready: schema migrated and the database answering. */
@Readiness
@ApplicationScoped
public class Health implements HealthCheck {

    @Inject
    Migrations migrations;

    @Resource(lookup = DatabaseConfig.JNDI_NAME)
    DataSource dataSource;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder answer = HealthCheckResponse.named("database");
        String version = migrations.schemaVersion();
        answer.withData("schema_version", version == null ? "none" : version);
        if (version == null) {
            return answer.down().build();
        }
        try (Connection connection = dataSource.getConnection()) {
            answer.withData("database", connection.getMetaData().getDatabaseProductName());
            return connection.isValid(2) ? answer.up().build() : answer.down().build();
        } catch (Exception e) {
            return answer.down().withData("reason", e.getClass().getSimpleName()).build();
        }
    }

    /** /health/live: the application is deployed and its CDI container answers. */
    @Liveness
    @ApplicationScoped
    public static class Alive implements HealthCheck {
        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.up("meshwatch");
        }
    }
}
