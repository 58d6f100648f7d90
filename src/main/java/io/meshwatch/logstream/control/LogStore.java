package io.meshwatch.logstream.control;

import io.meshwatch.job.entity.MeshResult;
import io.meshwatch.logstream.entity.LogLevel;
import io.meshwatch.logstream.entity.LogLine;
import io.meshwatch.logstream.entity.LogLinesAppended;
import io.meshwatch.logstream.entity.NewLine;
import io.meshwatch.logstream.entity.StoredLine;
import io.meshwatch.platform.Time;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;

/**
 * Stores a job's log lines and numbers them. The job's row is locked while a
 * batch gets its seqs, so seqs run 1, 2, 3... without gap or double however many
 * writers (threads or instances) append; the (job, seq) key backs that up.
 */
@ApplicationScoped
public class LogStore {

    @PersistenceContext(unitName = "meshwatch")
    EntityManager em;

    /**
     * Appends lines in the caller's transaction (or a new one) and returns what
     * to fire once it commits.
     */
    @Transactional
    public LogLinesAppended append(long meshResultId, List<NewLine> lines) {
        MeshResult job = em.find(MeshResult.class, meshResultId, LockModeType.PESSIMISTIC_WRITE);
        if (job == null) {
            throw new IllegalArgumentException("No job with id " + meshResultId);
        }
        long seq = job.getLastSeq();
        List<StoredLine> stored = new ArrayList<>(lines.size());
        for (NewLine line : lines) {
            String text = LogText.clean(line.text());
            LogLine row = new LogLine(meshResultId, ++seq, line.ts(), line.stream(), LogLevel.of(text), text);
            em.persist(row);
            stored.add(StoredLine.of(row));
        }
        job.advanceLastSeq(seq, Time.now());
        em.flush();
        return new LogLinesAppended(job.getJobId(), job.getProjectId(), stored);
    }

    /** Up to {@code limit} stored lines after {@code after}, in seq order. */
    @Transactional
    public List<StoredLine> after(long meshResultId, long after, int limit) {
        return em.createNamedQuery(LogLine.FIND_AFTER, LogLine.class)
                .setParameter("meshResultId", meshResultId)
                .setParameter("after", after)
                .setMaxResults(limit)
                .getResultList()
                .stream()
                .map(StoredLine::of)
                .toList();
    }
}
