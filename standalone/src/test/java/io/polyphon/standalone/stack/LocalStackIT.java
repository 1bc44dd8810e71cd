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
 * infill of one track of a corpus song) ends with 1000 distinct valid samples stored once each.
 */
class LocalStackIT {

    @TempDir
    Path data;

    @Test
    void aThousandSampleJobEndsWithAThousandDistinctSamplesStored() throws Exception {
        Piece piece = new MidiParser(MidiLimits.DEFAULT).parse(Corpus.read("sketches/sampling_cello_dur_8th.mid"));
        Path model = Path.of(System.getProperty("polyphon.home", "..")).resolve("model").resolve("polyphon-mmm.onnx");
        try (LocalStack stack = LocalStack.start(data, model);
             MongoClient mongo = MongoClients.create(stack.mongoConnectionString())) {
            String jobId = createJob(stack, 1000);
            GenerationRequest request = new GenerationRequest(1000, 11, 1.0,
                    List.of(TrackRequest.infill(4, List.of(5, 6, 7, 8))), List.of(), 0);
            long start = System.nanoTime();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
                PlanJob plan = new PlanJob(jobId, 1, Instant.now(), "key-a", "piece-1", null, piece, request);
                producer.send(new ProducerRecord<>(Topics.JOBS_REQUESTED, jobId, Messages.toJson(plan))).get();
            }
            MongoCollection<Document> jobs = mongo.getDatabase("polyphon").getCollection("jobs");
            long deadline = System.currentTimeMillis() + 300_000;
            Document job = null;
            while (System.currentTimeMillis() < deadline) {
                job = jobs.find(Filters.eq("_id", jobId)).first();
                if (job != null && "COMPLETED".equals(job.getString("state"))) break;
                Thread.sleep(250);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(job).isNotNull();
            assertThat(job.getString("state")).as("job %s", job.toJson()).isEqualTo("COMPLETED");
            MongoCollection<Document> samples = mongo.getDatabase("polyphon").getCollection("samples");
            assertThat(samples.countDocuments(Filters.eq("jobId", jobId))).isEqualTo(1000);
            Set<String> distinct = new HashSet<>();
            MidiParser parser = new MidiParser(MidiLimits.DEFAULT);
            for (Document sample : samples.find(Filters.eq("jobId", jobId))) {
                byte[] midi = sample.get("midi", Binary.class).getData();
                assertThat(parser.parse(midi).tracks()).hasSize(piece.tracks().size());
                distinct.add(Arrays.toString(midi));
            }
            System.out.printf("local stack: 1000 samples planned, generated, rendered and stored in %.1f s (%.1f samples/s); "
                    + "%d distinct%n", seconds, 1000 / seconds, distinct.size());
            assertThat(distinct).hasSize(1000);
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
