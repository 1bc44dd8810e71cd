package io.polyphon.storage.progress;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.polyphon.contract.JobEvent;
import io.polyphon.contract.SampleRendered;
import io.polyphon.contract.ShardProgressed;
import io.polyphon.storage.job.Job;
import io.polyphon.storage.job.JobRepository;
import io.polyphon.storage.job.JobState;
import io.polyphon.storage.sample.SampleRepository;
import io.polyphon.storage.sample.SampleStoring;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job's reported progress as workers tell their running batches and samples are stored, through the real MongoDB
 * driver against a MongoDB-wire server on loopback.
 */
class JobProgressTest {

    private static final Instant START = Instant.parse("2026-11-25T22:00:00Z");

    /** A clock the test moves by hand. */
    private static final class TestClock extends Clock {
        Instant now = START;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final TestClock clock = new TestClock();
    private final List<JobEvent> events = new CopyOnWriteArrayList<>();
    private MongoServer server;
    private MongoClient client;
    private JobRepository jobs;
    private JobProgress progress;
    private SampleRepository samples;
    private SampleStoring storing;

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
        MongoDatabase database = client.getDatabase("polyphon");
        jobs = new JobRepository(database);
        samples = new SampleRepository(database);
        progress = new JobProgress(jobs, samples, events::add, clock);
        storing = new SampleStoring(samples, jobs, events::add, progress, clock);
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    private void job(int total) {
        jobs.create(Job.queued("job-1", "key-1", total, START));
    }

    private static ShardProgressed running(int first, int count, int stepsDone, int stepsTotal) {
        return new ShardProgressed("job-1", 1, START, 0, first, count, stepsDone, stepsTotal);
    }

    private static SampleRendered sample(int index) {
        return new SampleRendered("job-1", 1, START, index, new byte[]{77, 84, 104, 100}, 4, 2, 10);
    }

    private List<String> reported() {
        return events.stream().filter(e -> e instanceof JobEvent.JobProgressed).map(e -> (JobEvent.JobProgressed) e)
                .map(p -> p.done() + "/" + p.total() + " " + p.work()).toList();
    }

    @Test
    void aRunningBatchMovesTheJobsWorkBeforeAnySampleIsStored() {
        job(10);
        progress.shardProgressed(running(0, 10, 5, 20));
        assertThat(reported()).containsExactly("0/10 0.25");
    }

    @Test
    void storedSamplesCountWholeAndTheStepsOfTheirBatchAreNotCountedTwice() {
        job(4);
        progress.shardProgressed(running(0, 4, 3, 4));
        for (int i = 0; i < 4; i++) storing.store(sample(i));
        // (stored + 0.75 × each unstored sample of the batch) / 4
        assertThat(reported()).containsExactly("0/4 0.75", "1/4 0.8125", "2/4 0.875", "3/4 0.9375", "4/4 1.0");
    }

    @Test
    void aBatchStartedAgainByARedeliveredShardDoesNotTakeWorkBack() {
        job(10);
        progress.shardProgressed(running(0, 10, 10, 20));
        progress.shardProgressed(running(0, 10, 2, 20));
        clock.now = START.plusSeconds(5);
        progress.shardProgressed(running(0, 10, 12, 20));
        assertThat(reported()).containsExactly("0/10 0.5", "0/10 0.6");
    }

    @Test
    void smallStepsAreCoalescedIntoAReportASecond() {
        job(1000);
        progress.shardProgressed(running(0, 32, 1, 64)); // first report: at once
        progress.shardProgressed(running(0, 32, 2, 64)); // a few thousandths more, in the same instant
        progress.shardProgressed(running(0, 32, 3, 64));
        clock.now = START.plus(Duration.ofSeconds(1));
        progress.shardProgressed(running(0, 32, 4, 64));
        assertThat(reported()).containsExactly("0/1000 5.0E-4", "0/1000 0.002");
    }

    @Test
    void aHundredthOfTheJobsWorkIsReportedAtOnce() {
        job(1000);
        progress.shardProgressed(running(0, 32, 1, 64));
        progress.shardProgressed(running(0, 32, 40, 64)); // 20 of 1000 samples' worth
        assertThat(reported()).containsExactly("0/1000 5.0E-4", "0/1000 0.02");
    }

    @Test
    void workIsRightWhenOneInstanceHearsTheReportsAndAnotherStoresTheSamples() {
        job(64);
        List<JobEvent> elsewhere = new ArrayList<>();
        SampleStoring otherInstance = new SampleStoring(samples, jobs, elsewhere::add,
                new JobProgress(jobs, samples, elsewhere::add, clock), clock);
        progress.shardProgressed(running(0, 32, 63, 64)); // the first batch nearly done
        for (int i = 0; i < 32; i++) otherInstance.store(sample(i));
        clock.now = START.plusSeconds(2);
        progress.shardProgressed(running(32, 32, 1, 64)); // the second batch begins
        // the first batch is stored whole (32 of 64), the second has 1/64 of its steps: not 0.98 as if counted twice
        assertThat(reported()).containsExactly("0/64 0.4921", "32/64 0.5078");
    }

    @Test
    void aReportOnSamplesTheJobDoesNotHaveIsIgnored() {
        job(10);
        progress.shardProgressed(running(8, 32, 5, 20));
        assertThat(events).isEmpty();
    }

    @Test
    void progressOfACancelledJobIsNotReported() {
        job(10);
        jobs.update("job-1", j -> j.moveTo(JobState.CANCELLED, START, "cancelled by its owner"));
        progress.shardProgressed(running(0, 10, 5, 20));
        assertThat(events).isEmpty();
    }
}
