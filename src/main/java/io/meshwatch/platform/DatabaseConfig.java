package io.meshwatch.platform;

import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The application's one data source. Its URL, user and password come from
 * MicroProfile Config ({@code MESHWATCH_DB_URL}, {@code _USER}, {@code _PASSWORD});
 * the default is an H2 file under ./data (see microprofile-config.properties).
 */
@ApplicationScoped
@DataSourceDefinition(
        name = DatabaseConfig.JNDI_NAME,
        className = "io.meshwatch.platform.JdbcUrlDataSource",
        url = "${MPCONFIG=meshwatch.db.url}",
        user = "${MPCONFIG=meshwatch.db.user}",
        password = "${MPCONFIG=meshwatch.db.password}",
        minPoolSize = 2,
        maxPoolSize = 32,
        initialPoolSize = 2,
        maxIdleTime = 300,
        properties = {
            "fish.payara.is-connection-validation-required=true",
            "fish.payara.connection-validation-method=meta-data",
            "fish.payara.fail-all-connections=true"
        })
public class DatabaseConfig {
    public static final String JNDI_NAME = "java:app/jdbc/meshwatch";
}
