package io.polyphon.deploy;

import static io.polyphon.deploy.ServiceSettings.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml, read without Docker (there is no engine to run it here): every service is there, reads the
 * settings it is given, finds the others where they listen, and starts only once what it needs is healthy.
 */
class DockerComposeTest {

    private static final Path ROOT = ServiceSettings.repoRoot();
    private static final Map<String, Object> COMPOSE = new Yaml().load(ServiceSettings.read(ROOT.resolve("docker-compose.yml")));
    private static final Map<String, Map<String, Object>> SERVICES = at(COMPOSE, "services");

    /** Compose service → the module it runs; the GPU worker is the same module on another image. */
    private static final Map<String, String> MODULE_OF = Map.of(
            "gateway-service", "gateway-service",
            "midi-service", "midi-service",
            "storage-service", "storage-service",
            "generation-worker", "generation-worker",
            "generation-worker-gpu", "generation-worker");

    @Test
    void everyServiceHasAContainerBesideRealKafkaAndMongo() {
        assertThat(SERVICES).containsKeys("gateway-service", "midi-service", "storage-service", "generation-worker", "kafka", "mongodb");
        assertThat((String) at(SERVICES, "kafka", "image")).startsWith("apache/kafka:");
        assertThat((String) at(SERVICES, "mongodb", "image")).startsWith("mongo:7");
        assertThat((List<String>) at(SERVICES, "mongodb", "volumes")).anyMatch(v -> v.endsWith(":/data/db"));
        assertThat((Map<String, Object>) at(COMPOSE, "volumes")).containsKey("mongodb-data");
    }

    @Test
    void everyEnvironmentVariableIsOneItsServiceReads() {
        MODULE_OF.forEach((service, module) -> {
            Map<String, String> env = environment(service);
            assertThat(env).as(service).isNotEmpty();
            for (String name : env.keySet()) {
                assertThat(ServiceSettings.reads(module, name))
                        .as("%s sets %s, which %s.yml does not read (it reads %s)", service, name, module, ServiceSettings.environmentOf(module).keySet())
                        .isTrue();
            }
        });
    }

    @Test
    void httpServicesListenOnAllInterfacesInsideTheirContainers() {
        // The services bind 127.0.0.1 by default, which no other container can reach.
        assertThat(environment("gateway-service")).containsEntry("GATEWAY_ADDRESS", "0.0.0.0");
        assertThat(environment("midi-service")).containsEntry("MIDI_SERVICE_ADDRESS", "0.0.0.0");
        assertThat(environment("storage-service")).containsEntry("STORAGE_SERVICE_ADDRESS", "0.0.0.0");
    }

    @Test
    void theGatewayFindsMidiAndStorageWhereTheyListen() {
        Map<String, String> gateway = environment("gateway-service");
        assertListensAt(gateway.get("MIDI_SERVICE_URL"), "MIDI_SERVICE_PORT");
        assertListensAt(gateway.get("STORAGE_SERVICE_URL"), "STORAGE_SERVICE_PORT");

        // published on the host at 8080, onto the port the gateway listens on
        List<Object> ports = at(SERVICES, "gateway-service", "ports");
        assertThat(ports).containsExactly("8080:" + port("gateway-service", "GATEWAY_PORT"));
    }

    @Test
    void everyServiceReachesKafkaWhereItAdvertisesAndStorageReachesMongo() {
        String advertised = environment("kafka").get("KAFKA_ADVERTISED_LISTENERS");
        for (String service : MODULE_OF.keySet()) {
            String bootstrap = environment(service).get("KAFKA_BOOTSTRAP_SERVERS");
            assertThat(bootstrap).as(service).isNotNull();
            assertThat(advertised).as("%s connects to %s", service, bootstrap).contains("://" + bootstrap);
        }
        URI mongo = URI.create(interpolated(environment("storage-service").get("MONGODB_URI")));
        assertThat(SERVICES).containsKey(mongo.getHost());
        assertThat(mongo.getPort()).isEqualTo(27017);
    }

    @Test
    void storageConnectsToMongoAsTheUserMongoIsStartedWith() {
        Map<String, String> mongo = environment("mongodb");
        URI uri = URI.create(interpolated(environment("storage-service").get("MONGODB_URI")));
        assertThat(uri.getUserInfo()).isEqualTo(mongo.get("MONGO_INITDB_ROOT_USERNAME") + ":"
                + interpolated(mongo.get("MONGO_INITDB_ROOT_PASSWORD")));
        assertThat(mongo.get("MONGO_INITDB_ROOT_PASSWORD")).as("a required variable, never a default")
                .startsWith("${POLYPHON_MONGODB_PASSWORD:?");
    }

    @Test
    void gatewayMidiAndStorageShareTheInternalCredentialFromTheEnvironment() {
        for (String service : List.of("gateway-service", "midi-service", "storage-service")) {
            assertThat(environment(service).get("POLYPHON_INTERNAL_SECRET")).as(service)
                    .startsWith("${POLYPHON_INTERNAL_SECRET:?");
        }
    }

    /** A value as compose would pass it with every required variable set to "x". */
    private static String interpolated(String value) {
        return value.replaceAll("\\$\\{[A-Z_]+:\\?[^}]*}", "x");
    }

    @Test
    void servicesStartOnlyOnceWhatTheyNeedIsReady() {
        for (String service : MODULE_OF.keySet()) {
            // a service that started first would create its topics with one partition
            assertThat(startsAfter(service)).as("%s waits for the topics", service).contains("kafka-init");
            Map<String, Map<String, Object>> dependsOn = at(SERVICES, service, "depends_on");
            dependsOn.forEach((dependency, how) -> {
                assertThat(SERVICES).as("%s depends on %s", service, dependency).containsKey(dependency);
                if ("service_healthy".equals(how.get("condition"))) {
                    assertThat(SERVICES.get(dependency)).as("%s must have a healthcheck for %s to wait on", dependency, service).containsKey("healthcheck");
                }
            });
        }
        assertThat(SERVICES.values()).allSatisfy(s -> {
            Map<String, Object> init = at(s, "depends_on", "kafka-init");
            if (init != null) assertThat(init).containsEntry("condition", "service_completed_successfully");
        });
        assertThat((Map<String, Object>) at(SERVICES, "storage-service", "depends_on", "mongodb")).containsEntry("condition", "service_healthy");
        assertThat((Map<String, Object>) at(SERVICES, "kafka-init", "depends_on", "kafka")).containsEntry("condition", "service_healthy");
        assertThat((Map<String, Object>) at(SERVICES, "gateway-service", "depends_on")).containsKeys("midi-service", "storage-service");
    }

    @Test
    void healthChecksProbeTheManagementPortEachServiceListensOnOnAllInterfaces() {
        Map<String, String> prefix = Map.of("gateway-service", "GATEWAY", "midi-service", "MIDI_SERVICE",
                "storage-service", "STORAGE_SERVICE", "generation-worker", "WORKER", "generation-worker-gpu", "WORKER");
        prefix.forEach((service, p) -> {
            String test = String.join(" ", (List<String>) at(SERVICES, service, "healthcheck", "test"));
            assertThat(test).as(service).contains("http://localhost:" + environment(service).get(p + "_MANAGEMENT_PORT") + "/actuator/health");
            assertThat(environment(service)).as(service).containsEntry(p + "_MANAGEMENT_ADDRESS", "0.0.0.0");
        });
        assertThat((List<Object>) at(SERVICES, "gateway-service", "ports")).as("only the API is published")
                .containsExactly("8080:" + port("gateway-service", "GATEWAY_PORT"));
    }

    @Test
    void theMongoImageIsPinnedToAPatchRelease() {
        assertThat((String) at(SERVICES, "mongodb", "image")).matches("mongo:\\d+\\.\\d+\\.\\d+");
    }

    @Test
    void workersRunTheModelTheirImageCarries() {
        assertThat(ROOT.resolve("model/polyphon-mmm.onnx")).isRegularFile();
        for (String worker : List.of("generation-worker", "generation-worker-gpu")) {
            String dockerfile = at(SERVICES, worker, "build", "dockerfile");
            String modelInImage = DockerfileTest.copiedModelPath(ServiceSettings.read(ROOT.resolve(dockerfile)));
            assertThat(environment(worker)).as(worker).containsEntry("POLYPHON_WORKER_MODEL", modelInImage);
        }
        assertThat(environment("generation-worker")).containsEntry("POLYPHON_WORKER_DEVICE", "cpu");
        assertThat(environment("generation-worker-gpu"))
                .containsEntry("POLYPHON_WORKER_DEVICE", "cuda").containsEntry("POLYPHON_WORKER_REQUIRE_GPU", "true");
        assertThat((List<Object>) at(SERVICES, "generation-worker-gpu", "profiles")).as("GPU workers only when asked").containsExactly("gpu");
        List<Map<String, Object>> devices = at(SERVICES, "generation-worker-gpu", "deploy", "resources", "reservations", "devices");
        assertThat(devices).singleElement().satisfies(d -> assertThat(d).containsEntry("driver", "nvidia"));
    }

    @Test
    void workersCanBeScaled() {
        // `--scale generation-worker=3` refuses a service with a fixed container name or a published host port
        for (String worker : List.of("generation-worker", "generation-worker-gpu")) {
            assertThat(SERVICES.get(worker)).as(worker).doesNotContainKeys("container_name", "ports");
        }
    }

    @Test
    void imagesAreBuiltFromTheRepositoryDockerfilesForTheirModule() {
        MODULE_OF.forEach((service, module) -> {
            Map<String, Object> build = at(SERVICES, service, "build");
            assertThat(build.get("context")).as(service).isEqualTo(".");
            Path dockerfile = ROOT.resolve((String) build.get("dockerfile"));
            assertThat(dockerfile).as(service).isRegularFile();
            String moduleArg = at(build, "args", "MODULE");
            assertThat(moduleArg == null ? DockerfileTest.fixedModule(ServiceSettings.read(dockerfile)) : moduleArg)
                    .as("%s builds module", service).isEqualTo(module);
        });
    }

    @Test
    void kafkaInitRunsTheChartsTopicScript() {
        List<String> volumes = at(SERVICES, "kafka-init", "volumes");
        String script = volumes.get(0).split(":")[0];
        assertThat(ROOT.resolve(script).normalize()).isEqualTo(ROOT.resolve("helm/polyphon/files/create-topics.sh"));
        assertThat(Files.isRegularFile(ROOT.resolve(script))).isTrue();
        assertThat(environment("kafka-init").get("BOOTSTRAP")).isEqualTo(environment("midi-service").get("KAFKA_BOOTSTRAP_SERVERS"));
    }

    /** Every service that must be up (or done) before this one starts, directly or through another. */
    private static Set<String> startsAfter(String service) {
        Set<String> before = new LinkedHashSet<>();
        Deque<String> next = new ArrayDeque<>(List.of(service));
        while (!next.isEmpty()) {
            Map<String, Object> dependsOn = at(SERVICES, next.pop(), "depends_on");
            if (dependsOn == null) continue;
            for (String dependency : dependsOn.keySet()) {
                if (before.add(dependency)) next.push(dependency);
            }
        }
        return before;
    }

    private static void assertListensAt(String url, String portVariable) {
        URI uri = URI.create(url);
        String target = uri.getHost();
        assertThat(SERVICES).as("%s names a compose service", url).containsKey(target);
        assertThat(String.valueOf(uri.getPort())).as("%s: %s listens on %s", url, target, portVariable).isEqualTo(port(target, portVariable));
    }

    /** The port a service listens on: as compose sets it, or its yml's default. */
    private static String port(String service, String variable) {
        String set = environment(service).get(variable);
        return set != null ? set : ServiceSettings.environmentOf(MODULE_OF.get(service)).get(variable);
    }

    /** A service's environment, whether written as a map or as NAME=value lines. */
    private static Map<String, String> environment(String service) {
        Object env = at(SERVICES, service, "environment");
        Map<String, String> values = new LinkedHashMap<>();
        if (env instanceof Map<?, ?> map) map.forEach((k, v) -> values.put(String.valueOf(k), String.valueOf(v)));
        if (env instanceof List<?> list) {
            Pattern line = Pattern.compile("([^=]+)=(.*)");
            for (Object item : list) {
                Matcher m = line.matcher(String.valueOf(item));
                if (m.matches()) values.put(m.group(1), m.group(2));
            }
        }
        return values;
    }
}
