package io.meshwatch.platform;

import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the schema up to date before the application serves anything.
 * One set of migrations (src/main/resources/db/migration) runs on H2 and PostgreSQL.
 * A failed migration fails the deployment: serving on a wrong schema is worse.
 * It observes start-up first, before any feature reads the database.
 */
@ApplicationScoped
public class Migrations {

    private static final Logger LOG = Logger.getLogger(Migrations.class.getName());

    @Resource(lookup = DatabaseConfig.JNDI_NAME)
    DataSource dataSource;

    private volatile String schemaVersion;

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) @Initialized(ApplicationScoped.class) Object ignored) {
        migrate();
    }

    public synchronized void migrate() {
        if (schemaVersion != null) {
            return;
        }
        MigrateResult result = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        schemaVersion = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        LOG.info(() -> "Database schema at version " + schemaVersion + " (" + result.migrationsExecuted
                + " migrations applied now, " + result.database + ")");
    }

    /** The schema version, or null before the migrations ran. */
    public String schemaVersion() {
        return schemaVersion;
    }
}
