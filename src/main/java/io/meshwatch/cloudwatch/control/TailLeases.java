package io.meshwatch.cloudwatch.control;

import io.meshwatch.cluster.control.ClusterSettings;
import io.meshwatch.cluster.control.InstanceStore;
import io.meshwatch.cluster.control.Instances;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * One CloudWatch tail per Modal job in the whole cluster. The job's row names
 * the instance that holds its tail ({@code tail_owner}); an instance may take it
 * when nobody holds it or its holder is dead (no heartbeat within the
 * time-to-live). Taking it and storing what a tail read both happen under the
 * job row's lock, and a store checks the holder first ({@link #holds}), so an
 * instance that lost its lease while stalled can never store a line twice.
 */
@ApplicationScoped
public class TailLeases {

    @PersistenceContext(unitName = "meshwatch")
    EntityManager em;

    @Inject
    Instances instances;

    @Inject
    InstanceStore instanceStore;

    @Inject
    ClusterSettings cluster;

    /** Takes (or keeps) the job's tail for this instance; false while a live instance holds it. */
    @Transactional
    public boolean tryAcquire(long meshResultId) {
        return em.createNativeQuery("UPDATE mesh_result SET tail_owner = ?1 WHERE id = ?2 AND (tail_owner IS NULL"
                        + " OR tail_owner = ?1 OR NOT EXISTS (SELECT 1 FROM meshwatch_instance i"
                        + " WHERE i.id = mesh_result.tail_owner AND i.heartbeat_at >= ?3))")
                .setParameter(1, instances.id())
                .setParameter(2, meshResultId)
                .setParameter(3, instanceStore.aliveSince(cluster.ttl()))
                .executeUpdate() == 1;
    }

    /** Gives the tail up so another instance can take it at once. */
    @Transactional
    public void release(long meshResultId) {
        em.createNativeQuery("UPDATE mesh_result SET tail_owner = NULL WHERE id = ?1 AND tail_owner = ?2")
                .setParameter(1, meshResultId)
                .setParameter(2, instances.id())
                .executeUpdate();
    }

    /** Within the caller's transaction, with the job row locked: whether this instance holds the tail. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean holds(long meshResultId) {
        List<?> owner = em.createNativeQuery("SELECT tail_owner FROM mesh_result WHERE id = ?1")
                .setParameter(1, meshResultId)
                .getResultList();
        return !owner.isEmpty() && instances.id().equals(owner.get(0));
    }

    /** The instance holding the job's tail, or null. */
    @Transactional
    public String holder(long meshResultId) {
        List<?> owner = em.createNativeQuery("SELECT tail_owner FROM mesh_result WHERE id = ?1")
                .setParameter(1, meshResultId)
                .getResultList();
        return owner.isEmpty() ? null : (String) owner.get(0);
    }

    /** A store found that another instance holds the tail now. */
    public static final class LostException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LostException(String jobId) {
            super("Another instance holds the CloudWatch tail of " + jobId + " now");
        }
    }
}
