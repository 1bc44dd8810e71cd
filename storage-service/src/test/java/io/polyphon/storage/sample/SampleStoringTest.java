package io.polyphon.storage.sample;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.polyphon.contract.JobEvent;
import io.polyphon.contract.SampleRendered;
import io.polyphon.storage.job.Job;
import io.polyphon.storage.job.JobRepository;
import io.polyphon.storage.job.JobState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Storing samples through the real MongoDB driver, against a MongoDB-wire server on loopback. */
class SampleStoringTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T22:00:00Z"), ZoneOffset.UTC);

    private MongoServer server;
    private MongoClient client;
    private SampleRepository samples;
    private JobRepository jobs;
    private final List<JobEvent> events = new CopyOnWriteArrayList<>();
    private SampleStoring storing;

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
        MongoDatabase database = client.getDatabase("polyphon");
        samples = new SampleRepository(database);
        jobs = new JobRepository(database);
        storing = new SampleStoring(samples, jobs, events::add, CLOCK);
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    private static SampleRendered sample(String job, int index) {
        return new SampleRendered(job, 1, CLOCK.instant(), index, new byte[]{77, 84, 104, 100, (byte) index}, 4, 2, 10);
    }

    @Test
    void aRedeliveredSampleIsStoredAndCountedOnce() {
        jobs.create(Job.queued("job-1", "key-1", 3, CLOCK.instant()));
        storing.store(sample("job-1", 0));
        storing.store(sample("job-1", 0));
        assertThat(samples.count("job-1")).isEqualTo(1);
        assertThat(jobs.find("job-1").orElseThrow().done()).isEqualTo(1);
        assertThat(events).hasSize(1);
    }

    @Test
    void theLastSampleCompletesTheJobAndProgressRisesToIt() {
        jobs.create(Job.queued("job-1", "key-1", 3, CLOCK.instant()));
        for (int i = 2; i >= 0; i--) storing.store(sample("job-1", i));
        assertThat(jobs.find("job-1").orElseThrow().state()).isEqualTo(JobState.COMPLETED);
        assertThat(events).filteredOn(e -> e instanceof JobEvent.JobProgressed)
                .extracting(e -> ((JobEvent.JobProgressed) e).done()).containsExactly(1, 2, 3);
        assertThat(events.get(events.size() - 1)).isInstanceOf(JobEvent.JobCompleted.class);
        assertThat(samples.midi("job-1", 2)).containsExactly(77, 84, 104, 100, 2);
    }

    @Test
    void aLargeJobReportsEveryHundredthAndItsLastSampleNotEachOne() {
        jobs.create(Job.queued("job-1", "key-1", 1000, CLOCK.instant()));
        for (int i = 0; i < 1000; i++) storing.store(sample("job-1", i));
        List<Integer> reported = events.stream().filter(e -> e instanceof JobEvent.JobProgressed)
                .map(e -> ((JobEvent.JobProgressed) e).done()).toList();
        assertThat(reported).hasSize(101).startsWith(1, 11, 21).endsWith(991, 1000);
    }

    @Test
    void aSlowJobReportsEachSampleASecondAfterTheLast() {
        Instant[] now = {CLOCK.instant()};
        Clock ticking = new Clock() {
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            public Instant instant() {
                return now[0];
            }
        };
        SampleStoring slow = new SampleStoring(samples, jobs, events::add, ticking);
        jobs.create(Job.queued("job-1", "key-1", 1000, CLOCK.instant()));
        for (int i = 0; i < 5; i++) {
            now[0] = now[0].plusSeconds(2);
            slow.store(sample("job-1", i));
        }
        assertThat(events).filteredOn(e -> e instanceof JobEvent.JobProgressed).hasSize(5);
    }

    @Test
    void aCancelledJobStoresNoFurtherSamples() {
        jobs.create(Job.queued("job-1", "key-1", 3, CLOCK.instant()));
        storing.store(sample("job-1", 0));
        jobs.update("job-1", j -> j.moveTo(JobState.CANCELLED, CLOCK.instant(), "by its owner"));
        storing.store(sample("job-1", 1));
        assertThat(samples.count("job-1")).isEqualTo(1);
    }

    @Test
    void aSampleBeingWrittenWhileItsJobIsCancelledIsNotKept() {
        jobs.create(Job.queued("job-1", "key-1", 3, CLOCK.instant()));
        storing.store(sample("job-1", 0));
        // the cancel lands after the sample passed the job check, while its count is being written: the storer
        // reads the clock inside that write, so a clock that cancels the job on that read puts the cancel there
        Clock cancelsOnFirstRead = new Clock() {
            boolean cancelled;

            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            public Instant instant() {
                if (!cancelled) {
                    cancelled = true;
                    jobs.update("job-1", j -> j.moveTo(JobState.CANCELLED, CLOCK.instant(), "by its owner"));
                }
                return CLOCK.instant();
            }
        };
        new SampleStoring(samples, jobs, events::add, cancelsOnFirstRead).store(sample("job-1", 1));
        Job job = jobs.find("job-1").orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.CANCELLED);
        assertThat(samples.count("job-1")).isEqualTo(job.done()).isEqualTo(1);
    }

    @Test
    void concurrentWritersCountEverySampleExactlyOnce() throws Exception {
        jobs.create(Job.queued("job-1", "key-1", 200, CLOCK.instant()));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> stores = new ArrayList<>();
        for (int round = 0; round < 2; round++) { // every sample arrives twice, as after a worker's redo
            for (int i = 0; i < 200; i++) {
                int index = i;
                stores.add(pool.submit(() -> storing.store(sample("job-1", index))));
            }
        }
        for (Future<?> store : stores) store.get(60, TimeUnit.SECONDS); // a store that threw fails the test here
        pool.shutdown();
        Job job = jobs.find("job-1").orElseThrow();
        assertThat(job.done()).isEqualTo(200);
        assertThat(job.state()).isEqualTo(JobState.COMPLETED);
        assertThat(samples.count("job-1")).isEqualTo(200);
        assertThat(events).filteredOn(e -> e instanceof JobEvent.JobCompleted).hasSize(1);
    }
}
