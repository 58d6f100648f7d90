package io.meshwatch.cloudwatch.control;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The tail's settings, each a MicroProfile Config property (see README).
 * Dependent, so holders get the instance itself and may read its fields.
 */
@Dependent
public class CloudWatchSettings {

    /** Calls a second shared by every tail of this instance. */
    @Inject
    @ConfigProperty(name = "meshwatch.cloudwatch.max.tps", defaultValue = "5")
    double maxTps;

    /** {@code watched}: tail while someone watches; {@code always}: every running Modal job. */
    @Inject
    @ConfigProperty(name = "meshwatch.cloudwatch.capture", defaultValue = "watched")
    String capture;

    @Inject
    @ConfigProperty(name = "meshwatch.cloudwatch.interval", defaultValue = "PT2S")
    Duration baseInterval;

    @Inject
    @ConfigProperty(name = "meshwatch.cloudwatch.max-idle-interval", defaultValue = "PT10S")
    Duration maxIdleInterval;

    /** After the job ended, the tail reads on until nothing new came for this long. */
    @Inject
    @ConfigProperty(name = "meshwatch.cloudwatch.settle", defaultValue = "PT10S")
    Duration settle;

    @Inject
    @ConfigProperty(name = "meshwatch.cloudwatch.discovery-interval", defaultValue = "PT30S")
    Duration discoveryInterval;

    /** A log group still missing this long after the tail started is reported once on the job's log. */
    @Inject
    @ConfigProperty(name = "meshwatch.cloudwatch.missing-group-report", defaultValue = "PT2M")
    Duration missingGroupReport;

    @Inject
    @ConfigProperty(name = "aws.region", defaultValue = "us-west-1")
    String region;

    @Inject
    @ConfigProperty(name = "aws.endpoint.url")
    Optional<String> endpoint;

    public boolean captureAlways() {
        return "always".equalsIgnoreCase(capture);
    }
}
