package io.meshwatch.job.entity;

import io.meshwatch.project.entity.Project;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A mesh job and its result. Every change to a job's state happens with its row
 * locked (see JobStore), so no version column: the lock serialises writers.
 */
@Entity
@Table(name = "mesh_result")
@NamedQuery(name = MeshResult.FIND_BY_JOB_ID, query = "SELECT m FROM MeshResult m WHERE m.jobId = :jobId")
@NamedQuery(name = MeshResult.FIND_BY_PROJECTS,
        query = "SELECT m FROM MeshResult m WHERE m.project.id IN :projectIds ORDER BY m.id")
@NamedQuery(name = MeshResult.FIND_SILENT,
        query = "SELECT m.jobId FROM MeshResult m WHERE m.backend = :backend AND m.updatedAt < :before"
                + " AND m.status IN (io.meshwatch.job.entity.JobStatus.QUEUED, io.meshwatch.job.entity.JobStatus.RUNNING)")
@NamedQuery(name = MeshResult.FIND_UNFINISHED_BY_BACKEND,
        query = "SELECT m FROM MeshResult m WHERE m.backend = :backend"
                + " AND m.status IN (io.meshwatch.job.entity.JobStatus.QUEUED, io.meshwatch.job.entity.JobStatus.RUNNING)")
public class MeshResult {

    public static final String FIND_BY_JOB_ID = "MeshResult.findByJobId";
    public static final String FIND_BY_PROJECTS = "MeshResult.findByProjects";
    public static final String FIND_UNFINISHED_BY_BACKEND = "MeshResult.findUnfinishedByBackend";
    public static final String FIND_SILENT = "MeshResult.findSilent";

    @Id
    @SequenceGenerator(name = "mesh_result_seq", sequenceName = "mesh_result_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "mesh_result_seq")
    private Long id;

    @Column(name = "job_id", nullable = false, unique = true, length = 64)
    private String jobId;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "project_id", nullable = false)
    private Project project;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private Backend backend;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private JobStatus status;

    @Column(nullable = false, length = 64)
    private String strategy;

    /** The request's params, as JSON text. */
    private String params;

    @Column(name = "output_path", length = 2048)
    private String outputPath;

    /** Quality metrics as JSON text. */
    @Column(name = "quality_metrics")
    private String qualityMetrics;

    /** The whole result as JSON text, extra fields included. */
    private String result;

    private String error;

    @Column(name = "call_id", length = 256)
    private String callId;

    @Column(name = "exit_code")
    private Integer exitCode;

    /** The seq of the last stored log line; 0 before the first. */
    @Column(name = "last_seq", nullable = false)
    private long lastSeq;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    /** A local job's runner: the instance whose subprocess runs it. Set once, at creation. */
    @Column(name = "runner_instance", length = 64, updatable = false)
    private String runnerInstance;

    protected MeshResult() {
    }

    public MeshResult(String jobId, Project project, Backend backend, String strategy, String params, Instant now) {
        this.jobId = jobId;
        this.project = project;
        this.backend = backend;
        this.strategy = strategy;
        this.params = params;
        this.status = JobStatus.QUEUED;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public void assignRunner(String instanceId) {
        this.runnerInstance = instanceId;
    }

    public String getRunnerInstance() {
        return runnerInstance;
    }

    /** A local job's id, {@code local-{id}}, is known only once the row has its id. */
    public void assignJobId(String jobId) {
        this.jobId = jobId;
    }

    public void markRunning(Instant now) {
        this.status = JobStatus.RUNNING;
        this.startedAt = now;
        this.updatedAt = now;
        project.followJob(status.name(), now);
    }

    public void finish(JobStatus end, String result, String outputPath, String qualityMetrics,
                       String error, Integer exitCode, Instant now) {
        this.status = end;
        this.result = result;
        this.outputPath = outputPath;
        this.qualityMetrics = qualityMetrics;
        this.error = error;
        this.exitCode = exitCode;
        this.finishedAt = now;
        this.updatedAt = now;
        project.followJob(end.name(), now);
    }

    public void setCallId(String callId) {
        this.callId = callId;
    }

    /** New lines were stored: the job is alive, and updated_at says when it last spoke. */
    public void advanceLastSeq(long seq, Instant now) {
        this.lastSeq = seq;
        this.updatedAt = now;
    }

    public Long getId() {
        return id;
    }

    public String getJobId() {
        return jobId;
    }

    public Project getProject() {
        return project;
    }

    /** The project's id; reading it does not load the project. */
    public Long getProjectId() {
        return project.getId();
    }

    public Backend getBackend() {
        return backend;
    }

    public JobStatus getStatus() {
        return status;
    }

    public String getStrategy() {
        return strategy;
    }

    public String getParams() {
        return params;
    }

    public String getOutputPath() {
        return outputPath;
    }

    public String getQualityMetrics() {
        return qualityMetrics;
    }

    public String getResult() {
        return result;
    }

    public String getError() {
        return error;
    }

    public String getCallId() {
        return callId;
    }

    public Integer getExitCode() {
        return exitCode;
    }

    public long getLastSeq() {
        return lastSeq;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Instant getFinishedAt() {
        return finishedAt;
    }
}
