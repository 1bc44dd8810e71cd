package io.polyphon.standalone.stack;

import io.polyphon.contract.InternalCredential;
import io.polyphon.contract.Messages;
import io.polyphon.gateway.GatewayApplication;
import io.polyphon.midi.MidiServiceApplication;
import io.polyphon.mmm.piece.ReadingGrid;
import io.polyphon.standalone.infra.EmbeddedMongo;
import io.polyphon.standalone.infra.InProcessKafka;
import io.polyphon.storage.StorageServiceApplication;
import io.polyphon.worker.GenerationWorkerApplication;
import io.polyphon.worker.engine.ModelMetadata;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole service in one JVM, on loopback: a real Kafka broker (KRaft) and a MongoDB-wire server keeping their
 * data under {@code dataDir}, and the four services as separate Spring applications, the same code paths as a
 * cluster. Each service reads its own settings file; the stack fills the environment variables those files name.
 * At its first start the stack creates an API key and keeps its secret in {@code dataDir/api-key}, and an admin key
 * (for {@code polyphon keys} and {@code /v1/admin}) in {@code dataDir/admin-key}. Each start makes a fresh internal
 * credential and hands it to every service, so nothing else on the machine can call storage or the MIDI service.
 */
public final class LocalStack implements AutoCloseable {

    private static final String KEY_FILE = "api-key";
    private static final String ADMIN_KEY_FILE = "admin-key";
    // the services share one class path here, so only the gateway, whose they are, serves the API document and the
    // web page
    private static final String[] NOT_THE_GATEWAY = {"springdoc.api-docs.enabled=false",
            "springdoc.swagger-ui.enabled=false", "spring.web.resources.add-mappings=false"};

    private final Infrastructure infrastructure;
    private final ApplicationContextInitializer<ConfigurableApplicationContext> everyService;
    private final List<ConfigurableApplicationContext> services = new ArrayList<>();
    // service name → its scrape endpoint, as each management server (or the worker's one server) starts
    private final Map<String, String> scrapeUrls = new LinkedHashMap<>();
    private ConfigurableApplicationContext storage;
    private ConfigurableApplicationContext midi;
    private ConfigurableApplicationContext gateway;
    // made fresh at each start: the services of one start trust one another and nothing else
    private final String internalSecret = newInternalSecret();
    private ConfigurableApplicationContext worker;
    private int storagePort;
    private String apiKey;
    private String adminKey;
    private boolean keyCreated;

    private LocalStack(Infrastructure infrastructure,
                       ApplicationContextInitializer<ConfigurableApplicationContext> everyService) {
        this.infrastructure = infrastructure;
        this.everyService = everyService;
    }

    /** The whole stack with one generation worker in this JVM running {@code model}, the gateway on a free port. */
    public static LocalStack start(Path dataDir, Path model) {
        return start(dataDir, model, true, 0);
    }

    /**
     * @param withWorker  false to leave generation to workers started elsewhere (as a test that kills one does)
     * @param gatewayPort the gateway's port on 127.0.0.1; 0 picks a free one
     */
    public static LocalStack start(Path dataDir, Path model, boolean withWorker, int gatewayPort) {
        return start(dataDir, model, withWorker, gatewayPort, context -> { });
    }

    /**
     * @param everyService runs on each service's context before it is refreshed, e.g. to add a bean every service
     *                     should have (a test's span exporter)
     */
    public static LocalStack start(Path dataDir, Path model, boolean withWorker, int gatewayPort,
                                   ApplicationContextInitializer<ConfigurableApplicationContext> everyService) {
        InProcessKafka kafka = InProcessKafka.start(dataDir.resolve("kafka"), 0);
        EmbeddedMongo mongo;
        try {
            mongo = EmbeddedMongo.start(dataDir.resolve("mongo"), 0);
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        return startOn(new InProcessInfrastructure(dataDir.resolve("kafka"), kafka, mongo), dataDir, model, withWorker, gatewayPort, everyService);
    }

    /** The four services on the given broker and database; closing the stack closes {@code infrastructure} too. */
    public static LocalStack startOn(Infrastructure infrastructure, Path dataDir, Path model, boolean withWorker,
                                     int gatewayPort) {
        return startOn(infrastructure, dataDir, model, withWorker, gatewayPort, context -> { });
    }

    private static LocalStack startOn(Infrastructure infrastructure, Path dataDir, Path model, boolean withWorker,
                                      int gatewayPort,
                                      ApplicationContextInitializer<ConfigurableApplicationContext> everyService) {
        LocalStack stack = new LocalStack(infrastructure, everyService);
        try {
            // every management port (health, /actuator/prometheus) a free one on 127.0.0.1, apart from the API's
            stack.storage = stack.startStorage(0);
            // Uploads are read on the grid the model was trained on, as its metadata says.
            ReadingGrid grid = model != null && Files.isRegularFile(model) ? ModelMetadata.read(model).grid() : ReadingGrid.ROUND;
            stack.midi = stack.run(MidiServiceApplication.application(), NOT_THE_GATEWAY, "MIDI_SERVICE_PORT=0",
                    "MIDI_SERVICE_MANAGEMENT_PORT=0", "POLYPHON_MIDI_GRID=" + grid.gridName());
            if (withWorker) {
                stack.worker = stack.run(GenerationWorkerApplication.application(), NOT_THE_GATEWAY,
                        "POLYPHON_WORKER_MODEL=" + model.toAbsolutePath(), "WORKER_MANAGEMENT_PORT=0");
            }
            stack.gateway = stack.run(GatewayApplication.application(), new String[0], "GATEWAY_PORT=" + gatewayPort,
                    "GATEWAY_MANAGEMENT_PORT=0", "STORAGE_SERVICE_URL=" + stack.storageUrl(),
                    "MIDI_SERVICE_URL=" + stack.midiUrl());
            stack.apiKey = stack.ensureKey(dataDir.resolve(KEY_FILE), "local", false);
            stack.adminKey = stack.ensureKey(dataDir.resolve(ADMIN_KEY_FILE), "local admin", true);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private ConfigurableApplicationContext run(SpringApplicationBuilder service, String[] extra, String... settings) {
        List<String> properties = new ArrayList<>(List.of(settings));
        properties.addAll(List.of(extra));
        properties.add("KAFKA_BOOTSTRAP_SERVERS=" + infrastructure.kafkaBootstrapServers());
        properties.add("MONGODB_URI=" + infrastructure.mongoConnectionString());
        properties.add("POLYPHON_INTERNAL_SECRET=" + internalSecret);
        properties.add("spring.main.banner-mode=off");
        properties.add("spring.main.log-startup-info=false");
        ConfigurableApplicationContext context = service.properties(properties.toArray(String[]::new))
                .initializers(everyService).listeners((ApplicationListener<ApplicationEvent>) this::scrapedAt).run();
        services.add(context);
        return context;
    }

    private ConfigurableApplicationContext startStorage(int port) {
        ConfigurableApplicationContext started = run(StorageServiceApplication.application(), NOT_THE_GATEWAY,
                "STORAGE_SERVICE_PORT=" + port, "STORAGE_SERVICE_MANAGEMENT_PORT=0");
        storagePort = Integer.parseInt(started.getEnvironment().getProperty("local.server.port"));
        return started;
    }

    private static String newInternalSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Reads the key kept by an earlier start, or creates one through storage and keeps it (readable by its owner
     * only); returns its secret.
     */
    private String ensureKey(Path keyFile, String name, boolean admin) {
        try {
            if (Files.exists(keyFile)) {
                return Files.readString(keyFile).trim();
            }
            String body = "{\"name\":\"" + name + "\"" + (admin ? ",\"scopes\":[\"admin\"]" : "") + "}";
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(storageUrl() + "/keys"))
                            .header("Content-Type", "application/json")
                            .header(InternalCredential.HEADER, internalSecret)
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode created = response.statusCode() == 201 ? Messages.json().readTree(response.body()) : null;
            if (created == null || !created.hasNonNull("secret")) {
                throw new IllegalStateException("storage did not create an API key: " + response.statusCode() + " " + response.body());
            }
            String secret = created.get("secret").asString();
            if (!admin) keyCreated = true;
            Files.createDirectories(keyFile.getParent());
            try {
                // readable by its owner only from the moment it exists
                Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(keyFile);
            }
            Files.writeString(keyFile, secret + "\n", StandardCharsets.UTF_8);
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the API key", e);
        }
    }

    /** The API key of this stack's data folder. */
    public String apiKey() {
        return apiKey;
    }

    /** The admin key of this stack's data folder (scope {@code admin}: {@code /v1/admin}, {@code polyphon keys}). */
    public String adminKey() {
        return adminKey;
    }

    /** The internal credential this start handed every service ({@code X-Polyphon-Internal}). */
    public String internalSecret() {
        return internalSecret;
    }

    /**
     * Stops the storage service and starts it again on the same port, as a crash and a restart would (the test of
     * storage restarted mid-job); the other services keep running and find it where it was.
     */
    public void restartStorage() {
        storage.close();
        services.remove(storage);
        storage = startStorage(storagePort);
    }

    /** Stops this JVM's generation worker, as a crashed worker would stop (its shard in hand is not committed). */
    public void stopWorker() {
        if (worker == null) return;
        worker.close();
        services.remove(worker);
        worker = null;
    }

    /** Stops the in-process broker and starts it again on its port and log directory (broker restarted mid-job). */
    public void restartBroker() {
        if (!(infrastructure instanceof InProcessInfrastructure local)) {
            throw new IllegalStateException("only the local stack's own broker can be restarted from here");
        }
        local.restartKafka();
    }

    /** Whether this start created the key (the data folder was new). */
    public boolean keyCreated() {
        return keyCreated;
    }

    public String kafkaBootstrapServers() {
        return infrastructure.kafkaBootstrapServers();
    }

    public String mongoConnectionString() {
        return infrastructure.mongoConnectionString();
    }

    /** {@code http://127.0.0.1:port} of the public API. */
    public String gatewayUrl() {
        return url(gateway);
    }

    /** {@code http://127.0.0.1:port} of the storage service's internal API. */
    public String storageUrl() {
        return url(storage);
    }

    /** {@code http://127.0.0.1:port} of the MIDI service. */
    public String midiUrl() {
        return url(midi);
    }

    private static String url(ConfigurableApplicationContext service) {
        return "http://127.0.0.1:" + service.getEnvironment().getProperty("local.server.port");
    }

    /**
     * Each service's Prometheus scrape endpoint, by service name ({@code gateway-service}, ...), in start order: on
     * its management port, which is not its API's (the worker, which serves no API, on its one port).
     */
    public Map<String, String> scrapeUrls() {
        return new LinkedHashMap<>(scrapeUrls);
    }

    /** A service's management server started (or the worker's one server, which serves its management endpoints). */
    private void scrapedAt(ApplicationEvent event) {
        if (!(event instanceof WebServerInitializedEvent started)) return;
        String namespace = started.getApplicationContext().getServerNamespace();
        String name = started.getApplicationContext().getEnvironment().getProperty("spring.application.name");
        boolean management = "management".equals(namespace);
        if (management || (name != null && !scrapeUrls.containsKey(name) && !hasManagementPort(started))) {
            scrapeUrls.put(name, "http://127.0.0.1:" + started.getWebServer().getPort() + "/actuator/prometheus");
        }
    }

    private static boolean hasManagementPort(WebServerInitializedEvent started) {
        return started.getApplicationContext().getEnvironment().getProperty("management.server.port") != null;
    }

    @Override
    public void close() {
        for (int i = services.size() - 1; i >= 0; i--) services.get(i).close();
        infrastructure.close();
    }

    /** The local stack's own broker and database, in this JVM. */
    private static final class InProcessInfrastructure implements Infrastructure {

        private final Path kafkaDir;
        private final EmbeddedMongo mongo;
        private InProcessKafka kafka;

        InProcessInfrastructure(Path kafkaDir, InProcessKafka kafka, EmbeddedMongo mongo) {
            this.kafkaDir = kafkaDir;
            this.kafka = kafka;
            this.mongo = mongo;
        }

        public String kafkaBootstrapServers() {
            return kafka.bootstrapServers();
        }

        public String mongoConnectionString() {
            return mongo.connectionString();
        }

        void restartKafka() {
            int port = Integer.parseInt(kafka.bootstrapServers().substring(kafka.bootstrapServers().lastIndexOf(':') + 1));
            kafka.close();
            kafka = InProcessKafka.start(kafkaDir, port);
        }

        public void close() {
            mongo.close();
            kafka.close();
        }
    }
}
