package io.polyphon.standalone.stack;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.polyphon.contract.Messages;
import io.polyphon.contract.PlanJob;
import io.polyphon.contract.Topics;
import io.polyphon.midi.Corpus;
import io.polyphon.midi.parse.MidiLimits;
import io.polyphon.midi.parse.MidiParser;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.request.GenerationRequest;
import io.polyphon.mmm.request.TrackRequest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker killed mid-job (SIGKILL: no shutdown, no commit) loses nothing: its shard is redone by the next worker with
 * the same seeds, so the job completes with every sample stored once and identical to an uninterrupted run.
 * The workers run as separate processes from the module's runnable jar, as they would in a cluster.
 */
class WorkerKillIT {

    private static final int COUNT = 160;

    @TempDir
    Path data;

    @Test
    void aWorkerKilledMidJobLosesNothingAndTheRedoIsIdentical() throws Exception {
        Path home = Path.of(System.getProperty("polyphon.home", "..")).toAbsolutePath().normalize();
        Path jar = home.resolve("generation-worker/target/generation-worker-exec.jar");
        Path model = home.resolve("model/polyphon-mmm.onnx");
        assertThat(jar).as("the worker's runnable jar (built by the generation-worker module)").exists();
        Piece piece = new MidiParser(MidiLimits.DEFAULT).parse(Corpus.read("sketches/sampling_cello_dur_8th.mid"));
        try (LocalStack stack = LocalStack.start(data, model, false);
             MongoClient mongo = MongoClients.create(stack.mongoConnectionString());
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                     ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                     ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            MongoCollection<Document> jobs = mongo.getDatabase("polyphon").getCollection("jobs");
            MongoCollection<Document> samples = mongo.getDatabase("polyphon").getCollection("samples");

            try {
                Process first = worker(jar, model, stack, "first");
                String killed = createJob(stack);
                plan(producer, killed, piece);
                await(() -> samples.countDocuments(Filters.eq("jobId", killed)) >= 40, "40 samples from the first worker");
                first.destroyForcibly().waitFor(); // SIGKILL mid-job: the shard in hand is never committed
                long atKill = samples.countDocuments(Filters.eq("jobId", killed));

                worker(jar, model, stack, "second");
                await(() -> "COMPLETED".equals(state(jobs, killed)), "the job to complete on the second worker");
                assertThat(samples.countDocuments(Filters.eq("jobId", killed))).isEqualTo(COUNT);

                String uninterrupted = createJob(stack);
                plan(producer, uninterrupted, piece);
                await(() -> "COMPLETED".equals(state(jobs, uninterrupted)), "the uninterrupted job to complete");
                Map<Integer, String> a = midiByIndex(samples, killed);
                Map<Integer, String> b = midiByIndex(samples, uninterrupted);
                System.out.printf("worker kill: killed at %d of %d samples; the redo completed the job and all %d "
                        + "samples equal an uninterrupted run's%n", atKill, COUNT, COUNT);
                assertThat(a).hasSize(COUNT).isEqualTo(b);
            } finally {
                for (Process worker : workers) worker.destroyForcibly().waitFor();
            }
        }
    }

    private final List<Process> workers = new ArrayList<>();

    private Process worker(Path jar, Path model, LocalStack stack, String name) throws IOException {
        Path log = data.resolve("worker-" + name + ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(),
                // a killed member is noticed in seconds rather than the default 45 s
                "--spring.cloud.stream.kafka.binder.consumer-properties.session.timeout.ms=6000",
                "--spring.cloud.stream.kafka.binder.consumer-properties.heartbeat.interval.ms=1000")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("KAFKA_BOOTSTRAP_SERVERS", stack.kafkaBootstrapServers());
        env.put("POLYPHON_WORKER_MODEL", model.toString());
        Process worker = builder.start();
        workers.add(worker);
        return worker;
    }

    private static void plan(KafkaProducer<String, String> producer, String jobId, Piece piece) throws Exception {
        GenerationRequest request = new GenerationRequest(COUNT, 5, 1.0,
                List.of(TrackRequest.infill(2, List.of(1, 2, 3, 4))), List.of(), 0);
        PlanJob plan = new PlanJob(jobId, 1, Instant.now(), "key-a", "piece-1", null, piece, request);
        producer.send(new ProducerRecord<>(Topics.JOBS_REQUESTED, jobId, Messages.toJson(plan))).get();
    }

    private static Map<Integer, String> midiByIndex(MongoCollection<Document> samples, String jobId) {
        Map<Integer, String> byIndex = new HashMap<>();
        for (Document d : samples.find(Filters.eq("jobId", jobId))) {
            byIndex.put(d.getInteger("index"), java.util.Arrays.toString(d.get("midi", Binary.class).getData()));
        }
        return byIndex;
    }

    private static String state(MongoCollection<Document> jobs, String id) {
        Document job = jobs.find(Filters.eq("_id", id)).first();
        return job == null ? null : job.getString("state");
    }

    private static String createJob(LocalStack stack) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stack.storageUrl() + "/jobs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"ownerKeyId\":\"key-a\",\"total\":" + COUNT + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(201);
        return Messages.json().readTree(response.body()).get("id").asString();
    }

    private void await(BooleanSupplier condition, String what) throws Exception {
        long deadline = System.currentTimeMillis() + 240_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                StringBuilder logs = new StringBuilder();
                try (var files = Files.list(data)) {
                    for (Path f : files.filter(p -> p.getFileName().toString().startsWith("worker-")).toList()) {
                        String text = Files.readString(f);
                        logs.append(f.getFileName()).append(":\n").append(text.substring(Math.max(0, text.length() - 3000)));
                    }
                }
                throw new AssertionError("gave up waiting for " + what + "\n" + logs);
            }
            Thread.sleep(100);
        }
    }
}
