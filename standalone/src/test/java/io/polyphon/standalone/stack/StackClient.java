package io.polyphon.standalone.stack;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.polyphon.contract.InternalCredential;
import io.polyphon.contract.Messages;
import io.polyphon.contract.PlanJob;
import io.polyphon.contract.Topics;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.request.GenerationRequest;
import io.polyphon.mmm.request.TrackRequest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.bson.types.Binary;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the stack tests do in the gateway's place: create a job in storage, plan it on jobs.requested, send commands,
 * and read jobs and samples straight from the database.
 */
final class StackClient implements AutoCloseable {

    private final LocalStack stack;
    private final MongoClient mongo;
    private final KafkaProducer<String, String> producer;
    private final MongoCollection<Document> jobs;
    private final MongoCollection<Document> samples;
    private final MongoCollection<Document> sampleFiles;

    StackClient(LocalStack stack) {
        this.stack = stack;
        this.mongo = MongoClients.create(stack.mongoConnectionString());
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
        this.jobs = mongo.getDatabase("polyphon").getCollection("jobs");
        this.samples = mongo.getDatabase("polyphon").getCollection("samples");
        this.sampleFiles = mongo.getDatabase("polyphon").getCollection("sampleFiles");
    }

    /** A queued job of {@code total} samples, created through storage's internal API; returns its id. */
    String createJob(int total) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(stack.storageUrl() + "/jobs"))
                        .header("Content-Type", "application/json")
                        .header(InternalCredential.HEADER, stack.internalSecret())
                        .POST(HttpRequest.BodyPublishers.ofString("{\"ownerKeyId\":\"key-a\",\"total\":" + total + "}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(201);
        return Messages.json().readTree(response.body()).get("id").asString();
    }

    /** Plans {@code count} samples infilling {@code bars} of {@code track} of {@code piece} for the job. */
    void plan(String jobId, Piece piece, int count, long seed, int track, List<Integer> bars) throws Exception {
        GenerationRequest request = new GenerationRequest(count, seed, 1.0,
                List.of(TrackRequest.infill(track, bars)), List.of(), 8); // the whole window, one step
        send(Topics.JOBS_REQUESTED, jobId, new PlanJob(jobId, 1, Instant.now(), "key-a", "piece-1", null, piece, request));
    }

    void send(String topic, String jobId, Object message) throws Exception {
        producer.send(new ProducerRecord<>(topic, jobId, Messages.toJson(message))).get();
    }

    String state(String jobId) {
        Document job = jobs.find(Filters.eq("_id", jobId)).first();
        return job == null ? null : job.getString("state");
    }

    /** The job's history reasons, in order. */
    List<String> historyReasons(String jobId) {
        Document job = jobs.find(Filters.eq("_id", jobId)).first();
        return job == null ? List.of() : job.getList("history", Document.class).stream()
                .map(h -> h.getString("reason")).toList();
    }

    /** The job's failure ({@code code}, {@code message}, {@code retryable}), or null. */
    Document failure(String jobId) {
        Document job = jobs.find(Filters.eq("_id", jobId)).first();
        return job == null ? null : job.get("failure", Document.class);
    }

    /** Sends a raw text record, as a broken producer would. */
    void sendRaw(String topic, String key, String value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value)).get();
    }

    long stored(String jobId) {
        return samples.countDocuments(Filters.eq("jobId", jobId));
    }

    /** Each stored sample's MIDI file, by sample index (the files live in sampleFiles under the sample's id). */
    Map<Integer, byte[]> midiByIndex(String jobId) {
        Map<Integer, byte[]> byIndex = new HashMap<>();
        for (Document d : samples.find(Filters.eq("jobId", jobId))) {
            Document file = sampleFiles.find(Filters.eq("_id", d.getString("_id"))).first();
            byIndex.put(d.getInteger("index"), file.get("midi", Binary.class).getData());
        }
        return byIndex;
    }

    /** Each stored sample's MIDI file as text, by sample index, for comparing runs. */
    Map<Integer, String> midiTextByIndex(String jobId) {
        Map<Integer, String> byIndex = new HashMap<>();
        midiByIndex(jobId).forEach((index, midi) -> byIndex.put(index, Arrays.toString(midi)));
        return byIndex;
    }

    /** Polls until {@code condition} holds; gives up after four minutes, saying what it waited for. */
    static void await(BooleanSupplier condition, String what, Runnable onGiveUp) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 240_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                onGiveUp.run();
                throw new AssertionError("gave up waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        await(condition, what, () -> { });
    }

    @Override
    public void close() {
        producer.close();
        mongo.close();
    }
}
