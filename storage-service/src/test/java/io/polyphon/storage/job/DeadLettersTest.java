package io.polyphon.storage.job;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.polyphon.contract.JobEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The dead-letter rule on its own, against a MongoDB-wire server: which dead letters fail a job and which do not. */
class DeadLettersTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T22:00:00Z"), ZoneOffset.UTC);

    private MongoServer server;
    private MongoClient client;
    private JobRepository jobs;
    private final List<JobEvent> events = new CopyOnWriteArrayList<>();
    private DeadLetters deadLetters;

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
        jobs = new JobRepository(client.getDatabase("polyphon"));
        deadLetters = new DeadLetters(jobs, events::add, CLOCK);
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    private static byte[] payloadOf(String jobId) {
        return ("{\"jobId\":\"" + jobId + "\",\"schemaVersion\":1}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void thePayloadsJobIdWinsOverTheKey() {
        jobs.create(Job.queued("job-1", "key-1", 2, CLOCK.instant()));
        jobs.create(Job.queued("job-2", "key-1", 2, CLOCK.instant()));
        deadLetters.fail("shards.bulk.dlq", payloadOf("job-1"), "job-2", "boom");
        assertThat(jobs.find("job-1").orElseThrow().state()).isEqualTo(JobState.FAILED);
        assertThat(jobs.find("job-2").orElseThrow().state()).isEqualTo(JobState.QUEUED);
    }

    @Test
    void aDeadLetterOfAnUnknownJobIsDropped() {
        deadLetters.fail("shards.bulk.dlq", payloadOf("no-such-job"), "no-such-job", "boom");
        deadLetters.fail("shards.bulk.dlq", "not json".getBytes(StandardCharsets.UTF_8), null, "boom");
        assertThat(events).isEmpty();
    }

    @Test
    void aFinishedJobStaysAsItEnded() {
        jobs.create(Job.queued("job-1", "key-1", 1, CLOCK.instant()));
        jobs.update("job-1", j -> j.samplesStored(1, CLOCK.instant()));
        deadLetters.fail("samples.rendered.dlq", payloadOf("job-1"), "job-1", "boom");
        assertThat(jobs.find("job-1").orElseThrow().state()).isEqualTo(JobState.COMPLETED);
        assertThat(events).isEmpty();
    }

    @Test
    void aJobFailsOnceHoweverManyOfItsMessagesDie() {
        jobs.create(Job.queued("job-1", "key-1", 8, CLOCK.instant()));
        for (int shard = 0; shard < 4; shard++) deadLetters.fail("shards.bulk.dlq", payloadOf("job-1"), "job-1", "boom");
        assertThat(events).hasSize(1);
        assertThat(jobs.find("job-1").orElseThrow().history()).hasSize(2);
    }

    @Test
    void aLongReasonIsShortened() {
        jobs.create(Job.queued("job-1", "key-1", 2, CLOCK.instant()));
        deadLetters.fail("shards.bulk.dlq", payloadOf("job-1"), null, "x".repeat(10_000));
        assertThat(jobs.find("job-1").orElseThrow().failure().message()).hasSizeLessThan(600);
    }

    @Test
    void theOwnerReadsWhatWentWrongWithTheMessageNotTheJavaTypesAroundIt() {
        jobs.create(Job.queued("job-1", "key-1", 2, CLOCK.instant()));
        // what the Kafka binder recorded for a generated shard whose piece was not a piece (FaultInjectionIT)
        deadLetters.fail("shards.generated.dlq", payloadOf("job-1"), "job-1", "error occurred in message handler "
                + "[org.springframework.cloud.stream.function.FunctionConfiguration$FunctionToDestinationBinder$1@4bd26015]; "
                + "Cannot construct instance of `io.polyphon.mmm.piece.Piece` (although at least one Creator exists): no "
                + "String-argument constructor/factory method to deserialize from String value ('not a piece')\n at [Source: "
                + "REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); byte offset: #56] (through "
                + "reference chain: io.polyphon.contract.SampleGenerated[\"piece\"])");
        assertThat(jobs.find("job-1").orElseThrow().failure().message())
                .isEqualTo("a message on shards.generated.dlq failed: its content could not be read at \"piece\"");
    }

    @Test
    void anExceptionsClassNameIsLeftOutOfTheReason() {
        jobs.create(Job.queued("job-1", "key-1", 2, CLOCK.instant()));
        deadLetters.fail("samples.rendered.dlq", payloadOf("job-1"), "job-1",
                "java.lang.IllegalStateException: bar 9 of track 2 is empty\n\tat io.polyphon.midi.Render.bar(Render.java:12)");
        assertThat(jobs.find("job-1").orElseThrow().failure().message())
                .isEqualTo("a message on samples.rendered.dlq failed: bar 9 of track 2 is empty");
    }
}
