package io.meshwatch.cluster.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ClusterSettingsTest {

    static ClusterSettings settings(String cluster, String dbUrl, String heartbeat, String ttl) {
        ClusterSettings settings = new ClusterSettings();
        settings.cluster = cluster;
        settings.dbUrl = dbUrl;
        settings.heartbeat = Duration.parse(heartbeat);
        settings.ttl = Duration.parse(ttl);
        return settings;
    }

    @Test
    void autoSharesEventsOnlyWhenTheDatabaseCanBeShared() {
        assertFalse(settings("auto", "jdbc:h2:file:./data/meshwatch", "PT2S", "PT8S").sharesEvents());
        assertTrue(settings("auto", "jdbc:postgresql://db:5432/meshwatch", "PT2S", "PT8S").sharesEvents());
        assertTrue(settings(" TRUE ", "jdbc:h2:mem:x", "PT2S", "PT8S").sharesEvents());
        assertFalse(settings("false", "jdbc:postgresql://db/x", "PT2S", "PT8S").sharesEvents());
    }

    @Test
    void aWrongValueIsRefusedWithTheSettingsName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings("yes", "jdbc:h2:mem:x", "PT2S", "PT8S").sharesEvents());
        assertTrue(e.getMessage().contains("MESHWATCH_CLUSTER"), e.getMessage());
    }

    @Test
    void theTimeToLiveIsAtLeastThreeHeartbeats() {
        assertEquals(Duration.ofSeconds(8), settings("auto", "x", "PT2S", "PT8S").ttl());
        assertEquals(Duration.ofSeconds(15), settings("auto", "x", "PT5S", "PT8S").ttl());
    }

    @Test
    void theDatabasesClockIsReadWhateverTypeTheDriverAnswers() {
        Instant at = Instant.parse("2026-11-28T18:00:00.123456Z");
        assertEquals(at, InstanceStore.toInstant(at));
        assertEquals(at, InstanceStore.toInstant(OffsetDateTime.ofInstant(at, ZoneOffset.ofHours(2))));
        assertEquals(at, InstanceStore.toInstant(at.atZone(ZoneOffset.UTC)));
        assertEquals(at, InstanceStore.toInstant(Timestamp.from(at)));
        assertThrows(IllegalStateException.class, () -> InstanceStore.toInstant("18:00"));
    }
}
