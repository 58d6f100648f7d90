package io.meshwatch.logstream.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** /health/live, "live-push": what the push holds now, for operators and the tests. */
@Liveness
@ApplicationScoped
public class PushHealth implements HealthCheck {

    @Inject
    LogSessions sessions;

    @Inject
    LogProducers producers;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("live-push")
                .withData("sessions", sessions.sessionCount())
                .withData("watched_jobs", sessions.watchedJobCount())
                .withData("watched_producers", producers.watchedJobs())
                .withData("active_producers", producers.activeProducers())
                .withData("frames_sent", sessions.framesSent())
                .withData("raw_frame_sessions", sessions.rawFrameSessions())
                .withData("writes_finished_later", sessions.writesFinishedLater())
                .withData("slow_sessions_closed", sessions.slowSessionsClosed())
                .withData("fell_behind", sessions.fellBehind())
                .withData("catch_up_reads", sessions.catchUpReads())
                .withData("catch_up_hits", sessions.catchUpHits())
                .withData("catch_up_cache_bytes", sessions.catchUpCacheBytes())
                .up()
                .build();
    }
}
