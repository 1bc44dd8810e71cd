package io.polyphon.storage.audit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The audit trail keeps what is younger than its retention and deletes the rest, against a MongoDB-wire server. */
class AuditRetentionTest {

    private static final Instant START = Instant.parse("2026-09-01T12:00:00Z");

    private MongoServer server;
    private MongoClient client;
    private MongoDatabase database;

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
        database = client.getDatabase("polyphon");
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void entriesOlderThanTheRetentionAreDeletedAndTheYoungerOnesKept() {
        onDay(0).record(AuditLog.KEY_CREATED, "key-1", null, "ci");
        onDay(60).record(AuditLog.JOB_CREATED, "key-1", "job-1", "5 samples");
        AuditLog today = onDay(91);
        today.record(AuditLog.KEY_USED, "key-1", null, null);

        AuditRetention retention = new AuditRetention(today, new AuditProperties(Duration.ofDays(90), Duration.ofHours(1)),
                clockOnDay(91));
        assertThat(retention.prune()).isEqualTo(1);
        assertThat(today.page(null, 0, 10)).extracting(AuditRecord::action)
                .containsExactly(AuditLog.KEY_USED, AuditLog.JOB_CREATED);
    }

    @Test
    void aRetentionOfNothingIsRefused() {
        assertThatThrownBy(() -> new AuditProperties(Duration.ZERO, Duration.ofHours(1)))
                .hasMessageContaining("polyphon.audit.retention must be positive");
    }

    private AuditLog onDay(int day) {
        return new AuditLog(database, clockOnDay(day));
    }

    private static Clock clockOnDay(int day) {
        return Clock.fixed(START.plus(Duration.ofDays(day)), ZoneOffset.UTC);
    }
}
