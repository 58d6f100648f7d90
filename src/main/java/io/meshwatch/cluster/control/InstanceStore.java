package io.meshwatch.cluster.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * The instance table. Every time in it is the database's clock, read in the same
 * transaction, so instances whose own clocks disagree still agree on who is alive.
 */
@ApplicationScoped
public class InstanceStore {

    @PersistenceContext(unitName = "meshwatch")
    EntityManager em;

    /** This database's installation id, creating it when none exists yet; empty when another instance won the race. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public String installation(String candidate) {
        List<?> rows = em.createNativeQuery("SELECT installation_id FROM meshwatch_installation WHERE id = 1")
                .getResultList();
        if (!rows.isEmpty()) {
            return (String) rows.get(0);
        }
        em.createNativeQuery("INSERT INTO meshwatch_installation (id, installation_id) VALUES (1, ?1)")
                .setParameter(1, candidate)
                .executeUpdate();
        return candidate;
    }

    @Transactional
    public void register(String id, String host) {
        Instant now = now();
        em.createNativeQuery("INSERT INTO meshwatch_instance (id, host, started_at, heartbeat_at) VALUES (?1, ?2, ?3, ?3)")
                .setParameter(1, id)
                .setParameter(2, host)
                .setParameter(3, now)
                .executeUpdate();
    }

    /** Renews the heartbeat; false when the row was gone (then it is written again). */
    @Transactional
    public boolean heartbeat(String id, String host) {
        Instant now = now();
        int updated = em.createNativeQuery("UPDATE meshwatch_instance SET heartbeat_at = ?1 WHERE id = ?2")
                .setParameter(1, now)
                .setParameter(2, id)
                .executeUpdate();
        if (updated == 0) {
            register(id, host);
        }
        return updated > 0;
    }

    @Transactional
    public void remove(String id) {
        em.createNativeQuery("DELETE FROM meshwatch_instance WHERE id = ?1").setParameter(1, id).executeUpdate();
    }

    /** Rows of instances dead for a long time (ten times the time-to-live): housekeeping only. */
    @Transactional
    public int forgetLongDead(Duration ttl) {
        return em.createNativeQuery("DELETE FROM meshwatch_instance WHERE heartbeat_at < ?1")
                .setParameter(1, now().minus(ttl.multipliedBy(10)))
                .executeUpdate();
    }

    /** Instances whose heartbeat is within the time-to-live, by the database's clock. */
    @Transactional
    public List<String> alive(Duration ttl) {
        return em.createNativeQuery("SELECT id FROM meshwatch_instance WHERE heartbeat_at >= ?1 ORDER BY id")
                .setParameter(1, aliveSince(ttl))
                .getResultList()
                .stream().map(String.class::cast).toList();
    }

    /** The database's time minus the time-to-live: heartbeats older than this are dead. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Instant aliveSince(Duration ttl) {
        return now().minus(ttl);
    }

    /** The database's clock. */
    Instant now() {
        return toInstant(em.createNativeQuery("SELECT CURRENT_TIMESTAMP").getSingleResult());
    }

    static Instant toInstant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof ZonedDateTime zoned) {
            return zoned.toInstant();
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        throw new IllegalStateException("The database's time came back as " + value.getClass().getName());
    }
}
