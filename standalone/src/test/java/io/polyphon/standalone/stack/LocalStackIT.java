package io.polyphon.standalone.stack;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.polyphon.contract.CancelJob;
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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pipeline on the local stack, with a real broker and the real services: a planned 1000-sample job (a 4-bar
 * infill of one track of a corpus song) ends with 1000 distinct valid samples stored once each; a 5-sample job sent
 * meanwhile takes the interactive lane and finishes first; a cancelled job stops storing.
 */
class LocalStackIT {

    @TempDir
    Path data;

    @Test
    void aThousandSampleJobEndsWithAThousandDistinctSamplesStoredWhileASmallJobPassesItAndACancelStopsAThird()
            throws Exception {
        Piece piece = new MidiParser(MidiLimits.DEFAULT).parse(Corpus.read("sketches/sampling_cello_dur_8th.mid"));
        Path model = Path.of(System.getProperty("polyphon.home", "..")).resolve("model").resolve("polyphon-mmm.onnx");
        try (LocalStack stack = LocalStack.start(data, model);
             MongoClient mongo = MongoClients.create(stack.mongoConnectionString());
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                     ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                     ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            MongoCollection<Document> jobs = mongo.getDatabase("polyphon").getCollection("jobs");
            MongoCollection<Document> samples = mongo.getDatabase("polyphon").getCollection("samples");

            String big = createJob(stack, 1000);
            long start = System.nanoTime();
            plan(producer, big, piece, 1000);
            await(() -> samples.countDocuments(Filters.eq("jobId", big)) >= 64, "64 samples of the big job");

            // interactive lane: a 5-sample job sent while the big one runs finishes well before it
            String small = createJob(stack, 5);
            plan(producer, small, piece, 5);
            await(() -> "COMPLETED".equals(state(jobs, small)), "the small job to complete");
            long bigDoneWhenSmallFinished = samples.countDocuments(Filters.eq("jobId", big));
            System.out.printf("local stack: the 5-sample job completed when the 1000-sample job had %d samples%n",
                    bigDoneWhenSmallFinished);
            assertThat(state(jobs, big)).isNotEqualTo("COMPLETED");

            await(() -> "COMPLETED".equals(state(jobs, big)), "the big job to complete");
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(samples.countDocuments(Filters.eq("jobId", big))).isEqualTo(1000);
            Set<String> distinct = new HashSet<>();
            MidiParser parser = new MidiParser(MidiLimits.DEFAULT);
            for (Document sample : samples.find(Filters.eq("jobId", big))) {
                byte[] midi = sample.get("midi", Binary.class).getData();
                assertThat(parser.parse(midi).tracks()).hasSize(piece.tracks().size());
                distinct.add(Arrays.toString(midi));
            }
            System.out.printf("local stack: 1000 samples planned, generated, rendered and stored in %.1f s (%.1f samples/s); "
                    + "%d distinct%n", seconds, 1000 / seconds, distinct.size());
            assertThat(distinct).hasSize(1000);

            // cancel: a running job stops, and no further samples are stored
            String cancelled = createJob(stack, 1000);
            plan(producer, cancelled, piece, 1000);
            await(() -> samples.countDocuments(Filters.eq("jobId", cancelled)) >= 32, "the third job to start");
            producer.send(new ProducerRecord<>(Topics.JOBS_CONTROL, cancelled,
                    Messages.toJson(new CancelJob(cancelled, 1, Instant.now(), "cancelled by its owner")))).get();
            await(() -> "CANCELLED".equals(state(jobs, cancelled)), "the third job to be cancelled");
            long atCancel = samples.countDocuments(Filters.eq("jobId", cancelled));
            Thread.sleep(3000); // long enough for a running shard batch to finish, were it not dropped
            long later = samples.countDocuments(Filters.eq("jobId", cancelled));
            System.out.printf("local stack: cancelled job stopped at %d samples, %d three seconds later%n", atCancel, later);
            assertThat(later).isEqualTo(atCancel);
            assertThat(later).isLessThan(1000);
        }
    }

    private static void plan(KafkaProducer<String, String> producer, String jobId, Piece piece, int count)
            throws Exception {
        GenerationRequest request = new GenerationRequest(count, 11, 1.0,
                List.of(TrackRequest.infill(4, List.of(5, 6, 7, 8))), List.of(), 0);
        PlanJob plan = new PlanJob(jobId, 1, Instant.now(), "key-a", "piece-1", null, piece, request);
        producer.send(new ProducerRecord<>(Topics.JOBS_REQUESTED, jobId, Messages.toJson(plan))).get();
    }

    private static String state(MongoCollection<Document> jobs, String id) {
        Document job = jobs.find(Filters.eq("_id", id)).first();
        return job == null ? null : job.getString("state");
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 300_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("gave up waiting for " + what);
            Thread.sleep(100);
        }
    }

    private static String createJob(LocalStack stack, int total) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stack.storageUrl() + "/jobs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"ownerKeyId\":\"key-a\",\"total\":" + total + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(201);
        return Messages.json().readTree(response.body()).get("id").asString();
    }
}
