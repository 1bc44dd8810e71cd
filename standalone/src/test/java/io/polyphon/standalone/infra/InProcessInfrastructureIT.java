package io.polyphon.standalone.infra;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The local stack's broker and database are real, listen on loopback only, and keep their data across restarts. */
class InProcessInfrastructureIT {

    @TempDir
    Path data;

    @Test
    void kafkaKeepsAMessageAcrossARestart() throws Exception {
        try (InProcessKafka kafka = InProcessKafka.start(data.resolve("kafka"), 0)) {
            assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
                producer.send(new ProducerRecord<>("jobs.requested", "job-1", "hello")).get();
            }
        }
        try (InProcessKafka kafka = InProcessKafka.start(data.resolve("kafka"), 0)) {
            assertThat(read(kafka, "jobs.requested")).containsExactly("hello");
        }
    }

    private static List<String> read(InProcessKafka kafka, String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            List<String> values = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 20_000;
            while (values.isEmpty() && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) values.add(r.value());
            }
            return values;
        }
    }

    @Test
    void mongoKeepsADocumentAcrossARestart() {
        try (EmbeddedMongo mongo = EmbeddedMongo.start(data.resolve("mongo"), 0);
             MongoClient client = MongoClients.create(mongo.connectionString())) {
            assertThat(mongo.connectionString()).startsWith("mongodb://127.0.0.1:");
            client.getDatabase("polyphon").getCollection("jobs").insertOne(new Document("_id", "job-1").append("state", "QUEUED"));
        }
        try (EmbeddedMongo mongo = EmbeddedMongo.start(data.resolve("mongo"), 0);
             MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> jobs = client.getDatabase("polyphon").getCollection("jobs");
            assertThat(jobs.find(new Document("_id", "job-1")).first()).containsEntry("state", "QUEUED");
        }
    }
}
