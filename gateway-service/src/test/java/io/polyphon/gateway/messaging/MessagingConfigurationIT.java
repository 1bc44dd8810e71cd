package io.polyphon.gateway.messaging;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.polyphon.contract.CancelJob;
import io.polyphon.contract.JobEvent;
import io.polyphon.contract.Lane;
import io.polyphon.contract.InternalCredential;
import io.polyphon.contract.Messages;
import io.polyphon.contract.PlanJob;
import io.polyphon.contract.Topics;
import io.polyphon.mmm.piece.Bar;
import io.polyphon.mmm.piece.Note;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.piece.TempoChange;
import io.polyphon.mmm.piece.TimeSignature;
import io.polyphon.mmm.piece.Track;
import io.polyphon.storage.StorageServiceApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.stream.binder.test.EnableTestBinder;
import org.springframework.cloud.stream.binder.test.InputDestination;
import org.springframework.cloud.stream.binder.test.OutputDestination;
import org.springframework.cloud.stream.binder.test.TestChannelBinderConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's three bindings in a Spring context, through the in-memory test binder, with the real storage service
 * (on a MongoDB-wire server) behind it: a job's plan goes to jobs.requested and a cancel to jobs.control, keyed by
 * job; progress events on jobs.progress reach a client's event stream. (On a real broker: the standalone ITs.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=gateway-service", "server.address=127.0.0.1",
                "POLYPHON_INTERNAL_SECRET=" + MessagingConfigurationIT.INTERNAL_SECRET})
@EnableTestBinder
class MessagingConfigurationIT {

    // the gateway and storage share it; storage refuses any other caller
    static final String INTERNAL_SECRET = "gateway-test-internal-secret";

    private static final MongoServer MONGO = new MongoServer(new MemoryBackend());
    private static ConfigurableApplicationContext storage;

    @DynamicPropertySource
    static void storageBehindTheGateway(DynamicPropertyRegistry registry) {
        MONGO.bind("127.0.0.1", 0);
        storage = new SpringApplicationBuilder(
                TestChannelBinderConfiguration.getCompleteConfiguration(StorageServiceApplication.class))
                // as the local stack does: fill the variables storage-service.yml names
                .properties("spring.config.name=storage-service", "STORAGE_SERVICE_PORT=0", "spring.main.banner-mode=off",
                        "MONGODB_URI=mongodb://127.0.0.1:" + MONGO.getLocalAddress().getPort(),
                        "POLYPHON_INTERNAL_SECRET=" + INTERNAL_SECRET)
                .run();
        registry.add("polyphon.gateway.storage-service-url", MessagingConfigurationIT::storageUrl);
    }

    @AfterAll
    static void stopStorage() {
        if (storage != null) storage.close();
        MONGO.shutdownNow();
    }

    private static String storageUrl() {
        return "http://127.0.0.1:" + storage.getEnvironment().getProperty("local.server.port");
    }

    @LocalServerPort
    int port;

    @Autowired
    InputDestination input;

    @Autowired
    OutputDestination output;

    private final HttpClient http = HttpClient.newHttpClient();

    private JsonNode post(String url, String body, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) request.header("Authorization", "Bearer " + key);
        if (url.startsWith(storageUrl())) request.header(InternalCredential.HEADER, INTERNAL_SECRET);
        return Messages.json().readTree(http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    /** A key's id and secret, made in storage as an operator would. */
    private record Key(String id, String secret) {
    }

    private Key newKey() throws Exception {
        JsonNode key = post(storageUrl() + "/keys", "{\"name\":\"test\"}", null);
        return new Key(key.get("id").asString(), key.get("secret").asString());
    }

    private static Piece piece() {
        Track track = new Track(0, false, List.of(new Bar(List.of(new Note(0, 12, 60, 100))), new Bar(List.of())));
        return new Piece(List.of(new TimeSignature(4, 4), new TimeSignature(4, 4)), List.of(track),
                List.of(new TempoChange(0, 500_000)));
    }

    private String newJob(Key key) throws Exception {
        String piece = post(storageUrl() + "/pieces", "{\"ownerKeyId\":\"" + key.id() + "\",\"name\":\"p\",\"piece\":"
                + Messages.toJson(piece()) + ",\"summary\":{}}", null).get("id").asString();
        return post("http://127.0.0.1:" + port + "/v1/jobs", "{\"pieceId\":\"" + piece
                + "\",\"count\":3,\"seed\":5,\"tracks\":[{\"track\":1,\"action\":\"infill\",\"bars\":[2]}]}", key.secret())
                .get("id").asString();
    }

    /** The next message on {@code topic} keyed by {@code jobId}, passing over other tests' messages; none is a failure. */
    private Message<byte[]> receive(String topic, String jobId) {
        for (Message<byte[]> m = output.receive(5000, topic); m != null; m = output.receive(5000, topic)) {
            if (key(m).equals(jobId)) return m;
        }
        throw new AssertionError("nothing about job " + jobId + " on " + topic);
    }

    private static String key(Message<byte[]> message) {
        return new String((byte[]) message.getHeaders().get(KafkaHeaders.KEY), StandardCharsets.UTF_8);
    }

    @Test
    void aNewJobsPlanGoesToJobsRequestedKeyedByTheJob() throws Exception {
        String jobId = newJob(newKey());
        Message<byte[]> sent = receive(Topics.JOBS_REQUESTED, jobId);
        PlanJob plan = Messages.fromJson(new String(sent.getPayload(), StandardCharsets.UTF_8), PlanJob.class);
        assertThat(plan.jobId()).isEqualTo(jobId);
        assertThat(plan.request().count()).isEqualTo(3);
        assertThat(plan.piece()).isEqualTo(piece());
    }

    @Test
    void aCancelGoesToJobsControlKeyedByTheJob() throws Exception {
        Key key = newKey();
        String jobId = newJob(key);
        post("http://127.0.0.1:" + port + "/v1/jobs/" + jobId + "/cancel", "", key.secret());
        Message<byte[]> sent = receive(Topics.JOBS_CONTROL, jobId);
        assertThat(Messages.fromJson(new String(sent.getPayload(), StandardCharsets.UTF_8), CancelJob.class).jobId())
                .isEqualTo(jobId);
    }

    @Test
    void progressOnJobsProgressReachesTheClientsEventStream() throws Exception {
        Key key = newKey();
        String jobId = newJob(key);
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpRequest events = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/jobs/" + jobId + "/events"))
                .header("Authorization", "Bearer " + key.secret()).GET().build();
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
            try (BufferedReader body = new BufferedReader(new InputStreamReader(
                    http.send(events, HttpResponse.BodyHandlers.ofInputStream()).body(), StandardCharsets.UTF_8))) {
                for (String line = body.readLine(); line != null; line = body.readLine()) {
                    if (line.startsWith("event:")) lines.add(line.substring(6));
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // the stream is open once the acceptance it was sent shows up (it is sent once, however often it comes)
        long deadline = System.currentTimeMillis() + 10_000;
        while (!lines.contains("accepted") && System.currentTimeMillis() < deadline) {
            send(new JobEvent.JobAccepted(jobId, 1, Instant.now(), 3, 1, Lane.INTERACTIVE));
            Thread.sleep(100);
        }
        for (int done = 1; done <= 3; done++) send(new JobEvent.JobProgressed(jobId, 1, Instant.now(), done, 3));
        send(new JobEvent.JobCompleted(jobId, 1, Instant.now(), 3));
        reading.get(10, TimeUnit.SECONDS);
        assertThat(lines).containsExactly("accepted", "progress", "progress", "progress", "completed");
    }

    private void send(JobEvent event) {
        input.send(MessageBuilder.withPayload(Messages.toJson(event).getBytes(StandardCharsets.UTF_8))
                .setHeader("contentType", "application/json").build(), Topics.JOBS_PROGRESS);
    }
}
