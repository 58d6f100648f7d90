package io.meshwatch.job.entity;

/** A job's life: QUEUED, then RUNNING, then one end state it never leaves. */
public enum JobStatus {
    QUEUED, RUNNING, COMPLETED, FAILED;

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED;
    }
}
