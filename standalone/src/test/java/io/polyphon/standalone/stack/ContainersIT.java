package io.polyphon.standalone.stack;

import org.junit.jupiter.api.AfterAll;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

import java.nio.file.Path;

/**
 * The acceptance tests on real Kafka and MongoDB images (Testcontainers). Where no Docker engine is reachable, the
 * whole class is skipped and JUnit reports why; the same tests run on the local stack's in-process parts anyway.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainersIT extends PipelineAcceptance {

    private final KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.1");
    private final MongoDBContainer mongo = new MongoDBContainer("mongo:7.0");

    @Override
    LocalStack start(Path data, Path model) {
        kafka.start();
        mongo.start();
        return LocalStack.startOn(Infrastructure.external(kafka.getBootstrapServers(), mongo.getConnectionString()),
                data, model, true, 0);
    }

    @AfterAll
    void stopContainers() {
        mongo.stop();
        kafka.stop();
    }
}
