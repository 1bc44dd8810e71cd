package io.polyphon.standalone.stack;

import io.polyphon.contract.Topics;
import io.polyphon.midi.parse.MidiLimits;
import io.polyphon.midi.parse.MidiParser;
import io.polyphon.mmm.piece.Piece;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.polyphon.standalone.stack.StackClient.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults injected into the local stack mid-job: a worker killed three times, the broker restarted, storage restarted,
 * the whole stack restarted, a poison message. Every sample a disturbed job stores equals the one an undisturbed run
 * of the same seed made (a sample's notes depend on the job's seed and its index only), and is stored once (one
 * document per job and index, and as many documents as indexes). One stack serves them all, in order, so the run
 * stays at a few minutes on two cores; the undisturbed run is made first, once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultInjectionIT {

    private static final int REFERENCE = 1000;
    private static final int COUNT = 300;
    private static final long SEED = 11;
    private static final int TRACK = 2;
    private static final List<Integer> BARS = List.of(1, 2, 3, 4);

    private Path data;

    private final Path home = Path.of(System.getProperty("polyphon.home", "..")).toAbsolutePath().normalize();
    private final Path model = home.resolve("model/polyphon-mmm.onnx");
    private final List<Process> workers = new ArrayList<>();
    private Piece piece;
    private LocalStack stack;
    private StackClient client;
    private Map<Integer, String> undisturbed;

    @BeforeAll
    void undisturbedRun() throws Exception {
        data = Files.createTempDirectory("polyphon-faults");
        piece = new MidiParser(MidiLimits.DEFAULT).parse(ApiSession.SONG.midi());
        start();
        String job = client.createJob(REFERENCE);
        long began = System.nanoTime();
        client.plan(job, piece, REFERENCE, SEED, TRACK, BARS);
        await(() -> "COMPLETED".equals(client.state(job)), "the undisturbed run to complete");
        undisturbed = client.midiTextByIndex(job);
        System.out.printf("faults: the undisturbed run of %d samples took %.1f s%n", REFERENCE,
                (System.nanoTime() - began) / 1e9);
        assertThat(undisturbed).hasSize(REFERENCE);
    }

    @AfterAll
    void stop() throws InterruptedException {
        for (Process worker : workers) worker.destroyForcibly().waitFor();
        if (client != null) client.close();
        if (stack != null) stack.close();
    }

    private void start() {
        stack = LocalStack.start(data, model);
        client = new StackClient(stack);
    }

    /** A job of {@code count} samples like the undisturbed one, planned; returns its id. */
    private String newJob(int count) throws Exception {
        String job = client.createJob(count);
        client.plan(job, piece, count, SEED, TRACK, BARS);
        return job;
    }

    /** Every stored sample of the job equals the undisturbed run's of its index, and each is stored once. */
    private void assertSameSamplesEachOnce(String job, int expected) {
        Map<Integer, String> stored = client.midiTextByIndex(job);
        assertThat(client.stored(job)).as("documents stored for the job").isEqualTo(stored.size());
        assertThat(stored).hasSize(expected);
        stored.forEach((index, midi) -> assertThat(midi).as("sample %d", index).isEqualTo(undisturbed.get(index)));
    }

    @Test
    @Order(1)
    void theBrokerStoppedAndRestartedMidJobLosesAndDoublesNothing() throws Exception {
        String job = newJob(COUNT);
        await(() -> client.stored(job) >= 40, "40 samples before the broker stops");
        long atStop = client.stored(job);
        stack.restartBroker();
        await(() -> "COMPLETED".equals(client.state(job)), "the job to complete after the broker restarted");
        System.out.printf("faults: broker restarted at %d of %d samples; completed, each sample once%n", atStop, COUNT);
        assertSameSamplesEachOnce(job, COUNT);
    }

    @Test
    @Order(2)
    void storageRestartedMidJobLosesAndDoublesNothingAndSaysSoInTheHistory() throws Exception {
        String job = newJob(COUNT);
        await(() -> client.stored(job) >= 40, "40 samples before storage restarts");
        long atStop = client.stored(job);
        stack.restartStorage();
        await(() -> "COMPLETED".equals(client.state(job)), "the job to complete after storage restarted");
        System.out.printf("faults: storage restarted at %d of %d samples; completed, each sample once%n", atStop, COUNT);
        assertSameSamplesEachOnce(job, COUNT);
        assertThat(client.historyReasons(job)).anyMatch(r -> r.startsWith("interrupted"));
    }

    @Test
    @Order(3)
    void theWholeStackRestartedMidJobCompletesItAndItsHistoryRecordsTheInterruption() throws Exception {
        String job = newJob(COUNT);
        await(() -> client.stored(job) >= 40, "40 samples before the stack stops");
        long atStop = client.stored(job);
        client.close();
        stack.close();
        start();
        await(() -> "COMPLETED".equals(client.state(job)), "the job to complete on the restarted stack");
        System.out.printf("faults: whole stack restarted at %d of %d samples; completed, each sample once%n", atStop, COUNT);
        assertSameSamplesEachOnce(job, COUNT);
        assertThat(client.historyReasons(job)).anyMatch(r -> r.startsWith("interrupted"));
    }

    @Test
    @Order(4)
    void aPoisonMessageGoesToItsDeadLetterTopicAndFailsItsJobWithTheReason() throws Exception {
        String job = newJob(COUNT);
        // a record the renderer can never read, keyed by the job as every record is
        client.sendRaw(Topics.SHARDS_GENERATED, job, "{\"jobId\":\"" + job + "\",\"piece\":\"not a piece\"}");
        await(() -> "FAILED".equals(client.state(job)), "the poisoned job to fail");
        Document failure = client.failure(job);
        System.out.printf("faults: poison message: job failed with %s: %s%n", failure.getString("code"),
                failure.getString("message"));
        assertThat(failure.getString("code")).isEqualTo("dead-letter");
        assertThat(failure.getString("message")).contains(Topics.deadLetter(Topics.SHARDS_GENERATED))
                .contains("its content could not be read at \"piece\"")
                .doesNotContain("org.springframework").doesNotContain("io.polyphon");
        assertThat(deadLetterKeys(Topics.deadLetter(Topics.SHARDS_GENERATED))).contains(job);
        Map<Integer, String> stored = client.midiTextByIndex(job);
        assertThat(client.stored(job)).isEqualTo(stored.size());
        stored.forEach((index, midi) -> assertThat(midi).as("sample %d", index).isEqualTo(undisturbed.get(index)));
    }

    @Test
    @Order(5)
    void aWorkerKilledThreeTimesDuringAThousandSampleJobLosesAndDoublesNothing() throws Exception {
        Path jar = home.resolve("generation-worker/target/generation-worker-exec.jar");
        assertThat(jar).as("the worker's runnable jar (built by the generation-worker module)").exists();
        stack.stopWorker();
        List<Process> alive = new ArrayList<>(List.of(worker(jar, "1"), worker(jar, "2")));
        String job = newJob(REFERENCE);
        List<Long> killedAt = new ArrayList<>();
        for (int kill = 1; kill <= 3; kill++) {
            long at = 200L * kill + 50L * (kill - 1);
            await(() -> client.stored(job) >= at, at + " samples before kill " + killedAt.size(), this::printWorkerLogs);
            Process victim = alive.remove(0);
            victim.destroyForcibly().waitFor(); // SIGKILL: its shard in hand is never committed
            killedAt.add(client.stored(job));
            alive.add(worker(jar, String.valueOf(kill + 2)));
        }
        await(() -> "COMPLETED".equals(client.state(job)), "the job to complete after three kills", this::printWorkerLogs);
        System.out.printf("faults: workers killed at %s of %d samples; completed, each sample once%n", killedAt, REFERENCE);
        assertSameSamplesEachOnce(job, REFERENCE);
    }

    /** The keys of every record on a dead-letter topic. */
    private List<String> deadLetterKeys(String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "fault-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            List<String> keys = new ArrayList<>();
            for (int poll = 0; poll < 20 && keys.isEmpty(); poll++) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) keys.add(record.key());
            }
            return keys;
        }
    }

    private Process worker(Path jar, String name) throws IOException {
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
        env.put("WORKER_MANAGEMENT_PORT", "0");
        Process worker = builder.start();
        workers.add(worker);
        return worker;
    }

    private void printWorkerLogs() {
        try (var files = Files.list(data)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("worker-")).toList()) {
                String text = Files.readString(f);
                System.out.println(f.getFileName() + ":\n" + text.substring(Math.max(0, text.length() - 3000)));
            }
        } catch (IOException e) {
            System.out.println("could not read the worker logs: " + e.getMessage());
        }
    }
}
