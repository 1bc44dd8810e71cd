package io.polyphon.standalone.stack;

import io.polyphon.midi.MidiServiceApplication;
import io.polyphon.standalone.infra.EmbeddedMongo;
import io.polyphon.standalone.infra.InProcessKafka;
import io.polyphon.storage.StorageServiceApplication;
import io.polyphon.worker.GenerationWorkerApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole pipeline in one JVM, on loopback: a real Kafka broker (KRaft) and a MongoDB-wire server keeping their
 * data under {@code dataDir}, and the services as separate Spring applications, the same code paths as a cluster.
 * Each service reads its own settings file; the stack fills the environment variables those files name.
 */
public final class LocalStack implements AutoCloseable {

    private final InProcessKafka kafka;
    private final EmbeddedMongo mongo;
    private final List<ConfigurableApplicationContext> services = new ArrayList<>();
    private ConfigurableApplicationContext storage;
    private ConfigurableApplicationContext midi;

    private LocalStack(InProcessKafka kafka, EmbeddedMongo mongo) {
        this.kafka = kafka;
        this.mongo = mongo;
    }

    /** The whole stack, with one generation worker in this JVM running {@code model}. */
    public static LocalStack start(Path dataDir, Path model) {
        return start(dataDir, model, true);
    }

    /**
     * @param withWorker false to leave generation to workers started elsewhere (as a test that kills one does)
     */
    public static LocalStack start(Path dataDir, Path model, boolean withWorker) {
        LocalStack stack = new LocalStack(InProcessKafka.start(dataDir.resolve("kafka"), 0),
                EmbeddedMongo.start(dataDir.resolve("mongo"), 0));
        try {
            stack.storage = stack.run(StorageServiceApplication.application(), "STORAGE_SERVICE_PORT=0");
            stack.midi = stack.run(MidiServiceApplication.application(), "MIDI_SERVICE_PORT=0");
            if (withWorker) {
                stack.run(GenerationWorkerApplication.application(), "POLYPHON_WORKER_MODEL=" + model.toAbsolutePath());
            }
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private ConfigurableApplicationContext run(SpringApplicationBuilder service, String... settings) {
        List<String> properties = new ArrayList<>(List.of(settings));
        properties.add("KAFKA_BOOTSTRAP_SERVERS=" + kafka.bootstrapServers());
        properties.add("MONGODB_URI=" + mongo.connectionString());
        ConfigurableApplicationContext context = service.properties(properties.toArray(String[]::new)).run();
        services.add(context);
        return context;
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String mongoConnectionString() {
        return mongo.connectionString();
    }

    /** {@code http://127.0.0.1:port} of the storage service's internal API. */
    public String storageUrl() {
        return "http://127.0.0.1:" + storage.getEnvironment().getProperty("local.server.port");
    }

    /** {@code http://127.0.0.1:port} of the MIDI service. */
    public String midiUrl() {
        return "http://127.0.0.1:" + midi.getEnvironment().getProperty("local.server.port");
    }

    @Override
    public void close() {
        for (int i = services.size() - 1; i >= 0; i--) services.get(i).close();
        mongo.close();
        kafka.close();
    }
}
