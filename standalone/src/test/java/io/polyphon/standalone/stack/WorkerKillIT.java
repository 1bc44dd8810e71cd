package io.polyphon.standalone.stack;

import io.polyphon.midi.parse.MidiLimits;
import io.polyphon.midi.parse.MidiParser;
import io.polyphon.mmm.piece.Piece;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.polyphon.standalone.stack.StackClient.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker killed mid-job (SIGKILL: no shutdown, no commit) loses nothing: its shard is redone by the next worker with
 * the same seeds, so the job completes with every sample stored once and identical to an uninterrupted run.
 * The workers run as separate processes from the module's runnable jar, as they would in a cluster.
 */
class WorkerKillIT {

    private static final int COUNT = 160;
    private static final List<Integer> BARS = List.of(1, 2, 3, 4);

    @TempDir
    Path data;

    private final List<Process> workers = new ArrayList<>();

    @Test
    void aWorkerKilledMidJobLosesNothingAndTheRedoIsIdentical() throws Exception {
        Path home = Path.of(System.getProperty("polyphon.home", "..")).toAbsolutePath().normalize();
        Path jar = home.resolve("generation-worker/target/generation-worker-exec.jar");
        Path model = home.resolve("model/polyphon-mmm.onnx");
        assertThat(jar).as("the worker's runnable jar (built by the generation-worker module)").exists();
        Piece piece = new MidiParser(MidiLimits.DEFAULT).parse(ApiSession.SONG.midi());
        try (LocalStack stack = LocalStack.start(data, model, false, 0);
             StackClient client = new StackClient(stack)) {
            try {
                Process first = worker(jar, model, stack, "first");
                String killed = client.createJob(COUNT);
                client.plan(killed, piece, COUNT, 5, 2, BARS);
                await(() -> client.stored(killed) >= 40, "40 samples from the first worker", this::printWorkerLogs);
                first.destroyForcibly().waitFor(); // SIGKILL mid-job: the shard in hand is never committed
                long atKill = client.stored(killed);

                worker(jar, model, stack, "second");
                await(() -> "COMPLETED".equals(client.state(killed)), "the job to complete on the second worker",
                        this::printWorkerLogs);
                assertThat(client.stored(killed)).isEqualTo(COUNT);

                String uninterrupted = client.createJob(COUNT);
                client.plan(uninterrupted, piece, COUNT, 5, 2, BARS);
                await(() -> "COMPLETED".equals(client.state(uninterrupted)), "the uninterrupted job to complete",
                        this::printWorkerLogs);
                Map<Integer, String> a = client.midiTextByIndex(killed);
                Map<Integer, String> b = client.midiTextByIndex(uninterrupted);
                System.out.printf("worker kill: killed at %d of %d samples; the redo completed the job and all %d "
                        + "samples equal an uninterrupted run's%n", atKill, COUNT, COUNT);
                assertThat(a).hasSize(COUNT).isEqualTo(b);
            } finally {
                for (Process worker : workers) worker.destroyForcibly().waitFor();
            }
        }
    }

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
        env.put("WORKER_MANAGEMENT_PORT", "0"); // two workers on one machine: each its own free port
        Process worker = builder.start();
        workers.add(worker);
        return worker;
    }

    /** The tail of each worker's log, so a test that gives up says why. */
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
