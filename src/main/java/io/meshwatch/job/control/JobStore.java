package io.meshwatch.job.control;

import io.meshwatch.cluster.control.InstanceStore;
import io.meshwatch.cluster.control.Instances;
import io.meshwatch.job.entity.Backend;
import io.meshwatch.job.entity.JobFinished;
import io.meshwatch.job.entity.JobStatus;
import io.meshwatch.job.entity.MeshResult;
import io.meshwatch.platform.ApiException;
import io.meshwatch.platform.Time;
import io.meshwatch.project.entity.Project;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Jobs and their transitions. A transition locks the job's row first, so
 * concurrent writers (a runner, a webhook, a sweep) see each other's result and
 * an ended job never moves to another end.
 */
@ApplicationScoped
public class JobStore {

    @PersistenceContext(unitName = "meshwatch")
    EntityManager em;

    @Inject
    Instances instances;

    @Inject
    InstanceStore instanceStore;

    Clock clock = Clock.systemUTC();

    /** Creates a QUEUED job with its job id; the project follows it. */
    @Transactional
    public MeshResult create(long projectId, Backend backend, String strategy, String params) {
        Project project = em.find(Project.class, projectId, LockModeType.PESSIMISTIC_WRITE);
        if (project == null) {
            throw ApiException.notFound("No project with id " + projectId);
        }
        Instant now = Time.now(clock);
        // A Modal job's id is final now; a local one's needs the row id, which persist assigns,
        // so it is inserted with a unique placeholder and renamed in the same flush.
        String jobId = (backend == Backend.LOCAL ? "pending-" : "modal-") + UUID.randomUUID();
        MeshResult job = new MeshResult(jobId, project, backend, strategy, params, now);
        if (backend == Backend.LOCAL) {
            // Before persist: the column is written by the insert only.
            job.assignRunner(instances.id());
        }
        em.persist(job);
        if (backend == Backend.LOCAL) {
            job.assignJobId("local-" + job.getId());
        }
        project.followJob(JobStatus.QUEUED.name(), now);
        em.flush();
        return job;
    }

    @Transactional
    public Optional<MeshResult> findByJobId(String jobId) {
        return em.createNamedQuery(MeshResult.FIND_BY_JOB_ID, MeshResult.class)
                .setParameter("jobId", jobId)
                .getResultStream()
                .findFirst();
    }

    /** The job, or a 404 naming it. */
    public MeshResult require(String jobId) {
        return findByJobId(jobId).orElseThrow(() -> ApiException.notFound("No job with id " + jobId));
    }

    @Transactional
    public List<MeshResult> ofProjects(Collection<Long> projectIds) {
        if (projectIds.isEmpty()) {
            return List.of();
        }
        return em.createNamedQuery(MeshResult.FIND_BY_PROJECTS, MeshResult.class)
                .setParameter("projectIds", projectIds)
                .getResultList();
    }

    @Transactional
    public List<String> unfinished(Backend backend) {
        return em.createNamedQuery(MeshResult.FIND_UNFINISHED_BY_BACKEND, MeshResult.class)
                .setParameter("backend", backend)
                .getResultStream()
                .map(MeshResult::getJobId)
                .toList();
    }

    /**
     * Unfinished local jobs whose runner is dead (no heartbeat within the
     * time-to-live) or unknown (created before instances were recorded): their
     * process is gone with it. Never this instance's own.
     */
    @Transactional
    public List<String> orphanedLocal(Duration ttl) {
        return em.createNativeQuery("SELECT m.job_id FROM mesh_result m WHERE m.backend = 'LOCAL'"
                        + " AND m.status IN ('QUEUED', 'RUNNING') AND (m.runner_instance IS NULL"
                        + " OR (m.runner_instance <> ?1 AND NOT EXISTS (SELECT 1 FROM meshwatch_instance i"
                        + " WHERE i.id = m.runner_instance AND i.heartbeat_at >= ?2))) ORDER BY m.id")
                .setParameter(1, instances.id())
                .setParameter(2, instanceStore.aliveSince(ttl))
                .getResultList()
                .stream().map(String.class::cast).toList();
    }

    /** A Modal job's launch was accepted: its call id is stored and it runs. False when it ended meanwhile. */
    @Transactional
    public boolean markLaunched(String jobId, String callId) {
        MeshResult job = lock(jobId);
        job.setCallId(callId);
        if (job.getStatus() != JobStatus.QUEUED) {
            return false;
        }
        job.markRunning(Time.now(clock));
        return true;
    }

    /** Unfinished jobs of a backend that changed nothing (no state, no log line) since {@code before}. */
    @Transactional
    public List<String> silentSince(Backend backend, java.time.Instant before) {
        return em.createNamedQuery(MeshResult.FIND_SILENT, String.class)
                .setParameter("backend", backend)
                .setParameter("before", before)
                .getResultList();
    }

    /** QUEUED to RUNNING; false when the job is no longer QUEUED. */
    @Transactional
    public boolean markRunning(String jobId) {
        MeshResult job = lock(jobId);
        if (job.getStatus() != JobStatus.QUEUED) {
            return false;
        }
        job.markRunning(Time.now(clock));
        return true;
    }

    /**
     * Ends a job. Returns the event to fire after commit, or empty when the job
     * already ended the same way (a repeat changes nothing).
     *
     * @throws ApiException 409 when the job already ended the other way
     */
    @Transactional
    public Optional<JobFinished> finish(String jobId, Outcome outcome) {
        MeshResult job = lock(jobId);
        if (job.getStatus().isFinal()) {
            if (job.getStatus() == outcome.status()) {
                return Optional.empty();
            }
            throw ApiException.conflict("Job " + jobId + " already ended as " + job.getStatus());
        }
        job.finish(outcome.status(), outcome.result(), outcome.outputPath(), outcome.qualityMetrics(),
                outcome.error(), outcome.exitCode(), Time.now(clock));
        return Optional.of(new JobFinished(jobId, job.getProjectId(), outcome.status(), outcome.result(),
                outcome.error()));
    }

    /** The job with its row locked until the caller's transaction ends; 404 when unknown. */
    @Transactional(Transactional.TxType.MANDATORY)
    public MeshResult lockForUpdate(String jobId) {
        return lock(jobId);
    }

    private MeshResult lock(String jobId) {
        return em.createNamedQuery(MeshResult.FIND_BY_JOB_ID, MeshResult.class)
                .setParameter("jobId", jobId)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream()
                .findFirst()
                .orElseThrow(() -> ApiException.notFound("No job with id " + jobId));
    }

    /** How a job ended. JSON fields are JSON text. */
    public record Outcome(JobStatus status, String result, String outputPath, String qualityMetrics,
                          String error, Integer exitCode) {

        public Outcome {
            if (!status.isFinal()) {
                throw new IllegalArgumentException("Not an end state: " + status);
            }
        }

        public static Outcome failed(String error, Integer exitCode) {
            return new Outcome(JobStatus.FAILED, null, null, null, error, exitCode);
        }
    }
}
