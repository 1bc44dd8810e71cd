package io.polyphon.storage;

import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.polyphon.contract.JobEvent;
import io.polyphon.contract.Messages;
import io.polyphon.contract.Topics;
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
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The whole storage service for the *IT tests: its internal HTTP API through MockMvc, the test binder in Kafka's
 * place, and a MongoDB-wire server on loopback. Every IT extends this one class, so Spring starts the service once for
 * all of them; tests stay apart by using owners and jobs of their own.
 */
@SpringBootTest(properties = {"spring.config.name=storage-service", InternalCaller.SETTING})
@Import(InternalCaller.class)
@AutoConfigureMockMvc
@EnableTestBinder
public abstract class StorageContext {

    // one server for the one cached context; the forked test JVM ends with it
    private static final MongoServer MONGO = new MongoServer(new MemoryBackend());

    static {
        MONGO.bind("127.0.0.1", 0);
    }

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("polyphon.storage.mongo-uri", () -> "mongodb://127.0.0.1:" + MONGO.getLocalAddress().getPort());
    }

    @Autowired
    protected MockMvc mvc;

    @Autowired
    protected InputDestination input;

    @Autowired
    protected OutputDestination output;

    @Autowired
    protected MongoDatabase database;

    /** An owner no other test uses. */
    protected static String newOwner() {
        return "key-" + UUID.randomUUID();
    }

    protected static JsonNode json(String body) {
        return Messages.json().readTree(body);
    }

    protected static String toJson(Object value) {
        return Messages.toJson(value);
    }

    /** POSTs {@code body} as JSON and returns the answer's body, expecting {@code expectedStatus}. */
    protected JsonNode post(String path, String body, int expectedStatus) throws Exception {
        return json(mvc.perform(MockMvcRequestBuilders.post(path)
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().is(expectedStatus)).andReturn().getResponse().getContentAsString());
    }

    /** A new job of {@code owner} with nothing but its size; returns its id. */
    protected String newJob(String owner, int total) throws Exception {
        return post("/jobs", "{\"ownerKeyId\":\"" + owner + "\",\"total\":" + total + "}", 201).get("id").asString();
    }

    /** Sends {@code message} as JSON to {@code topic}, as another service would. */
    protected void send(Object message, String topic) {
        input.send(MessageBuilder.withPayload(toJson(message).getBytes(StandardCharsets.UTF_8))
                .setHeader("contentType", "application/json").build(), topic);
    }

    /** The next event on jobs.progress about {@code jobId}, skipping other tests' events; fails after 5 s. */
    protected JobEvent nextEventOf(String jobId) {
        long deadline = System.currentTimeMillis() + 5000;
        while (System.currentTimeMillis() < deadline) {
            var message = output.receive(200, Topics.JOBS_PROGRESS);
            if (message == null) continue;
            JobEvent event = Messages.fromJson(new String(message.getPayload(), StandardCharsets.UTF_8), JobEvent.class);
            if (event.jobId().equals(jobId)) return event;
        }
        throw new AssertionError("no event about job " + jobId + " on " + Topics.JOBS_PROGRESS);
    }
}
