package io.polyphon.storage.messaging;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.polyphon.contract.CancelJob;
import io.polyphon.contract.JobEvent;
import io.polyphon.contract.Lane;
import io.polyphon.contract.Messages;
import io.polyphon.contract.SampleRendered;
import io.polyphon.contract.ShardProgressed;
import io.polyphon.contract.Topics;
import io.polyphon.storage.InternalCaller;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.cloud.stream.binder.test.EnableTestBinder;
import org.springframework.cloud.stream.binder.test.InputDestination;
import org.springframework.cloud.stream.binder.test.OutputDestination;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The storage service's bindings and reads in a Spring context: test binder for Kafka, a MongoDB-wire server.
 */
@SpringBootTest(properties = {"spring.config.name=storage-service", InternalCaller.SETTING})
@Import(InternalCaller.class)
@AutoConfigureMockMvc
@EnableTestBinder
class StorageServiceTest {

    private static final MongoServer MONGO = new MongoServer(new MemoryBackend());

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        MONGO.bind("127.0.0.1", 0);
        registry.add("polyphon.storage.mongo-uri", () -> "mongodb://127.0.0.1:" + MONGO.getLocalAddress().getPort());
    }

    @AfterAll
    static void stop() {
        MONGO.shutdownNow();
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    InputDestination input;

    @Autowired
    OutputDestination output;

    private String newJob(String owner, int total) throws Exception {
        String body = mvc.perform(post("/jobs").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"ownerKeyId\":\"" + owner + "\",\"total\":" + total + "}"))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        return Messages.json().readTree(body).get("id").asString();
    }

    private void send(Object message, String topic) {
        input.send(MessageBuilder.withPayload(Messages.toJson(message).getBytes(StandardCharsets.UTF_8))
                .setHeader("contentType", "application/json").build(), topic);
    }

    /** The next event on jobs.progress about {@code job}, skipping other tests' events. */
    private JobEvent progress(String job) {
        long deadline = System.currentTimeMillis() + 5000;
        while (System.currentTimeMillis() < deadline) {
            var message = output.receive(200, Topics.JOBS_PROGRESS);
            if (message == null) continue;
            JobEvent event = Messages.fromJson(new String(message.getPayload(), StandardCharsets.UTF_8), JobEvent.class);
            if (event.jobId().equals(job)) return event;
        }
        throw new AssertionError("no event about job " + job + " on " + Topics.JOBS_PROGRESS);
    }

    @Test
    void aRenderedSampleIsStoredCountedAndServed() throws Exception {
        String job = newJob("key-a", 2);
        send(new SampleRendered(job, 1, Instant.now(), 0, new byte[]{77, 84, 104, 100}, 4, 2, 9), Topics.SAMPLES_RENDERED);
        assertThat(progress(job)).isInstanceOfSatisfying(JobEvent.JobProgressed.class, p -> assertThat(p.done()).isEqualTo(1));
        mvc.perform(get("/jobs/" + job).param("owner", "key-a"))
                .andExpect(jsonPath("$.done").value(1)).andExpect(jsonPath("$.state").value("RUNNING"));
        mvc.perform(get("/jobs/" + job + "/samples").param("owner", "key-a"))
                .andExpect(jsonPath("$.items[0].index").value(0)).andExpect(jsonPath("$.items[0].notes").value(9));
        mvc.perform(get("/jobs/" + job + "/samples/0/midi").param("owner", "key-a"))
                .andExpect(content().bytes(new byte[]{77, 84, 104, 100}));
    }

    @Test
    void aWorkersStepProgressOnShardsProgressMovesTheJobsWork() throws Exception {
        String job = newJob("key-a", 4);
        send(new ShardProgressed(job, 1, Instant.now(), 0, 0, 4, 2, 8), Topics.SHARDS_PROGRESS);
        assertThat(progress(job)).isInstanceOfSatisfying(JobEvent.JobProgressed.class, p -> {
            assertThat(p.jobId()).isEqualTo(job);
            assertThat(p.done()).isZero();
            assertThat(p.work()).isEqualTo(0.25);
        });
    }

    @Test
    void anotherKeysJobIsNotFound() throws Exception {
        String job = newJob("key-a", 2);
        mvc.perform(get("/jobs/" + job).param("owner", "key-b"))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.code").value("not-found"));
    }

    @Test
    void aCancelledJobSaysSoAndStoresNothingMore() throws Exception {
        String job = newJob("key-a", 3);
        send(new CancelJob(job, 1, Instant.now(), "by its owner"), Topics.JOBS_CONTROL);
        assertThat(progress(job)).isInstanceOf(JobEvent.JobCancelled.class);
        send(new SampleRendered(job, 1, Instant.now(), 0, new byte[]{1}, 4, 2, 9), Topics.SAMPLES_RENDERED);
        mvc.perform(get("/jobs/" + job).param("owner", "key-a"))
                .andExpect(jsonPath("$.state").value("CANCELLED")).andExpect(jsonPath("$.done").value(0));
    }

    @Test
    void thePlannersVerdictMovesTheJob() throws Exception {
        String job = newJob("key-a", 3);
        send(new JobEvent.JobFailed(job, 1, Instant.now(), "bar-out-of-range", "bar 40 is outside the piece", false),
                Topics.JOBS_PLANNED);
        mvc.perform(get("/jobs/" + job).param("owner", "key-a"))
                .andExpect(jsonPath("$.state").value("FAILED"))
                .andExpect(jsonPath("$.failure.code").value("bar-out-of-range"));
    }

    @Test
    void thePlannersAcceptanceReachesTheGatewaysOnlyFromStorageOnceRecorded() throws Exception {
        String job = newJob("key-a", 40);
        send(new JobEvent.JobAccepted(job, 1, Instant.now(), 40, 2, Lane.BULK), Topics.JOBS_PLANNED);
        assertThat(progress(job)).isInstanceOf(JobEvent.JobAccepted.class);
        mvc.perform(get("/jobs/" + job).param("owner", "key-a")).andExpect(jsonPath("$.state").value("PLANNED"));
    }

    @Test
    void thePlannersRefusalReachesTheGatewaysFromStorageWithItsReason() throws Exception {
        String job = newJob("key-a", 3);
        send(new JobEvent.JobFailed(job, 1, Instant.now(), "bar-out-of-range", "bar 40 is outside the piece", false),
                Topics.JOBS_PLANNED);
        assertThat(progress(job)).isInstanceOfSatisfying(JobEvent.JobFailed.class,
                f -> assertThat(f.code()).isEqualTo("bar-out-of-range"));
    }
}
