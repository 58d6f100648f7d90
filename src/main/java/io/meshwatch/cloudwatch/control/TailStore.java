package io.meshwatch.cloudwatch.control;

import io.meshwatch.cloudwatch.entity.LogCursor;
import io.meshwatch.logstream.control.LogStore;
import io.meshwatch.logstream.entity.LogLinesAppended;
import io.meshwatch.logstream.entity.NewLine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.Collection;
import java.util.List;

/** A poll's lines and the tail's new positions, stored in one transaction. */
@ApplicationScoped
public class TailStore {

    @PersistenceContext(unitName = "meshwatch")
    EntityManager em;

    @Inject
    LogStore logs;

    @Inject
    TailLeases leases;

    @Transactional
    public List<LogCursor> cursors(long meshResultId) {
        return em.createNamedQuery(LogCursor.FIND_BY_JOB, LogCursor.class)
                .setParameter("meshResultId", meshResultId)
                .getResultList();
    }

    /** When the job ended, from its row; null while it runs. */
    @Transactional
    public java.time.Instant finishedAt(long meshResultId) {
        io.meshwatch.job.entity.MeshResult job = em.find(io.meshwatch.job.entity.MeshResult.class, meshResultId);
        return job == null || !job.getStatus().isFinal() ? null
                : job.getFinishedAt() != null ? job.getFinishedAt() : java.time.Instant.now();
    }

    /** Whether the job's log already says its log group is missing (one report per job, not per tail). */
    @Transactional
    public boolean reportedMissing(long meshResultId) {
        return !em.createQuery("SELECT l.seq FROM LogLine l WHERE l.meshResultId = :id AND l.stream = :stream"
                        + " AND l.text LIKE :text", Long.class)
                .setParameter("id", meshResultId)
                .setParameter("stream", io.meshwatch.logstream.entity.NewLine.SYSTEM)
                .setParameter("text", MISSING_GROUP + "%")
                .setMaxResults(1)
                .getResultList().isEmpty();
    }

    static final String MISSING_GROUP = "Meshwatch: no CloudWatch log group ";

    /**
     * Stores the lines (when any) and the cursors; returns what to fire after the
     * commit, or null. Locks the job's row and checks that this instance still
     * holds the tail, so a tail that lost its lease stores nothing.
     *
     * @throws TailLeases.LostException when another instance holds the tail now
     */
    @Transactional
    public LogLinesAppended save(String jobId, long meshResultId, List<NewLine> lines,
            Collection<LogCursor> positions) {
        em.find(io.meshwatch.job.entity.MeshResult.class, meshResultId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (!leases.holds(meshResultId)) {
            throw new TailLeases.LostException(jobId);
        }
        LogLinesAppended appended = lines.isEmpty() ? null : logs.append(meshResultId, lines);
        for (LogCursor position : positions) {
            em.merge(position);
        }
        return appended;
    }
}
