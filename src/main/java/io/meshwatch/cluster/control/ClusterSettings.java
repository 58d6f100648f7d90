package io.meshwatch.cluster.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * MESHWATCH_CLUSTER: {@code auto} (the default) shares events through the data
 * grid when the database can be shared (anything but H2), {@code true} or
 * {@code false} decide it outright. MESHWATCH_INSTANCE_HEARTBEAT and
 * MESHWATCH_INSTANCE_TTL: how often an instance says it is alive, and how long
 * after its last heartbeat the others treat it as dead and take over its tails
 * and fail its local jobs.
 */
@ApplicationScoped
public class ClusterSettings {

    @Inject
    @ConfigProperty(name = "meshwatch.cluster", defaultValue = "auto")
    String cluster;

    @Inject
    @ConfigProperty(name = "meshwatch.db.url")
    String dbUrl;

    @Inject
    @ConfigProperty(name = "meshwatch.instance.heartbeat", defaultValue = "PT2S")
    Duration heartbeat;

    @Inject
    @ConfigProperty(name = "meshwatch.instance.ttl", defaultValue = "PT8S")
    Duration ttl;

    /** Whether this instance shares its events with the others through the data grid. */
    public boolean sharesEvents() {
        return switch (cluster.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            case "auto" -> !dbUrl.startsWith("jdbc:h2:");
            default -> throw new IllegalArgumentException(
                    "MESHWATCH_CLUSTER must be auto, true or false, not '" + cluster + "'");
        };
    }

    public Duration heartbeat() {
        return heartbeat;
    }

    /** An instance whose heartbeat is older than this is dead. At least three heartbeats. */
    public Duration ttl() {
        Duration floor = heartbeat.multipliedBy(3);
        return ttl.compareTo(floor) < 0 ? floor : ttl;
    }
}
