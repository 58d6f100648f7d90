package io.meshwatch.webhook.control;

import io.meshwatch.job.control.JobStore;
import io.meshwatch.job.entity.JobFinished;
import io.meshwatch.job.entity.MeshResult;
import io.meshwatch.platform.Time;
import io.meshwatch.webhook.entity.WebhookDelivery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.Optional;

/**
 * Applies a verified callback once. In one transaction, with the job's row
 * locked so concurrent deliveries queue up: a delivery already recorded changes
 * nothing; otherwise the job ends, the project follows, and the delivery is
 * recorded. The event to push is returned for after the commit.
 */
@ApplicationScoped
public class CallbackApplier {

    public enum Result { APPLIED, DUPLICATE, ALREADY_ENDED }

    public record Applied(Result result, Optional<JobFinished> event) {
    }

    @PersistenceContext(unitName = "meshwatch")
    EntityManager em;

    @Inject
    JobStore jobs;

    /**
     * @throws io.meshwatch.platform.ApiException 404 for an unknown job, 409 when it ended the other way
     */
    @Transactional
    public Applied apply(JobCallback callback, String deliveryKey, String scheme, String bodySha256) {
        MeshResult job = jobs.lockForUpdate(callback.jobId());
        if (em.find(WebhookDelivery.class, deliveryKey) != null) {
            return new Applied(Result.DUPLICATE, Optional.empty());
        }
        JobStore.Outcome outcome = new JobStore.Outcome(callback.status(), callback.resultText(),
                callback.outputPath(), callback.qualityMetrics(), callback.error(), null);
        Optional<JobFinished> event = jobs.finish(job.getJobId(), outcome);
        em.persist(new WebhookDelivery(deliveryKey, job.getJobId(), callback.status().name(), scheme, bodySha256,
                Time.now()));
        return new Applied(event.isPresent() ? Result.APPLIED : Result.ALREADY_ENDED, event);
    }
}
