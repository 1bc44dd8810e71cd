package io.polyphon.deploy;

import static io.polyphon.deploy.ServiceSettings.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.polyphon.contract.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The Helm chart, linted and rendered offline by Helm itself (helm-java embeds Helm as a native library), and
 * read the way an operator would: does every service get a Deployment, do GPU workers land on GPUs, does KEDA
 * scale the right consumer group, and does every setting reach a service that reads it.
 */
class HelmChartTest {

    private static final Path CHART = ServiceSettings.repoRoot().resolve("helm/polyphon");
    private static final String RELEASE = "polyphon";
    private static final String NAMESPACE = "music";
    /** helm template pretends to talk to Kubernetes 1.20 unless told otherwise; the chart needs 1.25 or newer. */
    private static final String KUBE_VERSION = "1.30.0";

    /** Chart component → the module (and so the yml) it runs. */
    private static final Map<String, String> MODULE_OF = Map.of(
            "gateway", "gateway-service", "midi", "midi-service", "storage", "storage-service", "worker", "generation-worker");

    /** Everything switched on: GPU workers, KEDA, Kafka and MongoDB inside the release, an Ingress, trace export. */
    private static final Map<String, Object> EVERYTHING_ON = Map.of(
            "worker.gpu.enabled", true,
            "worker.autoscaling.enabled", true,
            "kafka.install", true,
            "mongodb.install", true,
            "gateway.ingress.enabled", true,
            "tracing.otlpEndpoint", "http://collector.observability:4318/v1/traces");

    @Test
    void chartPassesStrictLint() {
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
    }

    @Test
    void defaultsDeployEveryServiceAgainstAnExistingKafkaAndMongo() {
        Manifests m = render(Map.of());

        assertThat(m.names("Deployment")).containsExactlyInAnyOrder(
                "polyphon-gateway", "polyphon-midi", "polyphon-storage", "polyphon-worker");
        assertThat(m.names("Service")).as("the worker's only for its metrics")
                .containsExactlyInAnyOrder("polyphon-gateway", "polyphon-midi", "polyphon-storage", "polyphon-worker");
        assertThat(m.names("StatefulSet")).as("nothing installed unless asked").isEmpty();
        assertThat(m.names("ScaledObject")).isEmpty();
        assertThat(m.names("Ingress")).isEmpty();

        assertThat(m.env("worker")).containsEntry("POLYPHON_WORKER_DEVICE", "cpu")
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka.kafka.svc:9092");
        assertThat(m.env("storage")).containsEntry("MONGODB_URI", "mongodb://mongodb.mongodb.svc:27017");
        assertThat(limits(m.container("worker"))).doesNotContainKey("nvidia.com/gpu");
        assertThat(m.container("worker").get("image")).isEqualTo("polyphon/generation-worker:0.1.0");
    }

    @Test
    void everyPodIsProbedLimitedAndRunsAsNonRoot() {
        for (Manifests m : List.of(render(Map.of()), render(EVERYTHING_ON))) {
            for (String component : MODULE_OF.keySet()) {
                Map<String, Object> container = m.container(component);
                assertThat(limits(container)).as("%s memory limit", component).containsKey("memory");
                assertThat((Boolean) at(m.podSpec(component), "securityContext", "runAsNonRoot")).as(component).isTrue();
                assertThat((String) at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
                assertThat((String) at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
                assertThat((String) at(container, "livenessProbe", "httpGet", "port")).as(component).isEqualTo("management");
                assertThat(m.env(component)).containsEntry("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED", "true");
            }
        }
    }

    @Test
    void gpuWorkersAskForAnNvidiaGpuAndRefuseToFallBackToTheCpu() {
        Manifests m = render(Map.of("worker.gpu.enabled", true));

        Map<String, Object> worker = m.container("worker");
        assertThat(limits(worker)).containsEntry("nvidia.com/gpu", 1);
        assertThat(worker.get("image")).isEqualTo("polyphon/generation-worker-gpu:0.1.0");
        assertThat(m.env("worker")).containsEntry("POLYPHON_WORKER_DEVICE", "cuda").containsEntry("POLYPHON_WORKER_REQUIRE_GPU", "true");
        Map<String, Object> pod = m.podSpec("worker");
        assertThat((Map<String, Object>) at(pod, "nodeSelector")).containsEntry("nvidia.com/gpu.present", "true");
        assertThat((List<Map<String, Object>>) at(pod, "tolerations")).extracting(t -> t.get("key")).contains("nvidia.com/gpu");

        assertThat(limits(render(Map.of()).container("worker"))).doesNotContainKey("nvidia.com/gpu");
    }

    @Test
    void kedaScalesWorkersOnTheLagOfTheirOwnConsumerGroupOnBothShardLanes() {
        assertThat(render(Map.of()).names("ScaledObject")).as("only when asked: it needs KEDA").isEmpty();

        Manifests m = render(Map.of("worker.autoscaling.enabled", true));
        Map<String, Object> scaled = m.one("ScaledObject", "polyphon-worker");
        assertThat((String) at(scaled, "spec", "scaleTargetRef", "name")).isEqualTo("polyphon-worker");
        assertThat((Object) at(m.one("Deployment", "polyphon-worker"), "spec", "replicas"))
                .as("KEDA owns the replica count").isNull();

        List<Map<String, Object>> triggers = at(scaled, "spec", "triggers");
        assertThat(triggers).extracting(t -> t.get("type")).containsOnly("kafka");
        assertThat(triggers).extracting(t -> at(t, "metadata", "topic")).containsExactlyInAnyOrder(Topics.SHARDS_INTERACTIVE, Topics.SHARDS_BULK);

        // The group KEDA measures must be the group the workers consume in: the one generation-worker.yml names
        // for both shard bindings, as the chart's environment sets it.
        Map<String, String> groupByTopic = workerGroupsByTopic(m.env("worker"));
        for (Map<String, Object> trigger : triggers) {
            String topic = at(trigger, "metadata", "topic");
            assertThat((String) at(trigger, "metadata", "consumerGroup")).as(topic)
                    .isEqualTo(groupByTopic.get(topic))
                    .isEqualTo(m.env("worker").get("POLYPHON_WORKER_GROUP"));
            assertThat((String) at(trigger, "metadata", "bootstrapServers")).isEqualTo(m.env("worker").get("KAFKA_BOOTSTRAP_SERVERS"));
        }
    }

    @Test
    void theConsumerGroupTheChartSetsIsTheGroupOfBothShardLanes() {
        Manifests m = render(Map.of("worker.consumerGroup", "gpu-workers"));
        assertThat(m.env("worker")).containsEntry("POLYPHON_WORKER_GROUP", "gpu-workers");
        assertThat(workerGroupsByTopic(m.env("worker"))).containsEntry(Topics.SHARDS_INTERACTIVE, "gpu-workers")
                .containsEntry(Topics.SHARDS_BULK, "gpu-workers");
        assertThat((List<String>) at(m.container("worker"), "args")).as("no command-line overrides").isNull();
        assertThat(workerGroupsByTopic(Map.of())).as("generation-worker.yml's own default")
                .containsEntry(Topics.SHARDS_BULK, "generation-worker");
    }

    @Test
    void aServiceMonitorScrapesEveryServicesManagementPortWhenAsked() {
        assertThat(render(Map.of()).names("ServiceMonitor")).as("only when asked: it needs the Prometheus Operator").isEmpty();

        Manifests m = render(Map.of("metrics.serviceMonitor.enabled", true, "metrics.serviceMonitor.labels.release", "kps"));
        Map<String, Object> monitor = m.one("ServiceMonitor", "polyphon");
        assertThat((Map<String, String>) at(monitor, "metadata", "labels")).containsEntry("release", "kps");
        List<Map<String, Object>> endpoints = at(monitor, "spec", "endpoints");
        assertThat(endpoints).singleElement().satisfies(e -> {
            assertThat(e.get("port")).isEqualTo("management");
            assertThat(e.get("path")).isEqualTo("/actuator/prometheus");
        });
        Map<String, String> selector = at(monitor, "spec", "selector", "matchLabels");
        Map<String, String> prefix = Map.of("gateway", "GATEWAY", "midi", "MIDI_SERVICE", "storage", "STORAGE_SERVICE", "worker", "WORKER");
        prefix.forEach((component, p) -> {
            Map<String, Object> service = m.one("Service", "polyphon-" + component);
            assertThat((Map<String, String>) at(service, "metadata", "labels")).as(component).containsAllEntriesOf(selector);
            Map<String, Object> port = ((List<Map<String, Object>>) at(service, "spec", "ports")).stream()
                    .filter(q -> "management".equals(q.get("name"))).findFirst().orElseThrow(() -> new AssertionError(component));
            Object containerPort = ((List<Map<String, Object>>) at(m.container(component), "ports")).stream()
                    .filter(q -> q.get("name").equals(port.get("targetPort"))).findFirst().orElseThrow().get("containerPort");
            assertThat(String.valueOf(containerPort)).as("%s serves its metrics where its Service sends the scrape", component)
                    .isEqualTo(m.env(component).get(p + "_MANAGEMENT_PORT"));
            assertThat(m.env(component)).containsEntry(p + "_MANAGEMENT_ADDRESS", "0.0.0.0");
        });
    }

    @Test
    void aPrometheusRuleCarriesEveryAlertTheOperationsGuideExplains() {
        assertThat(render(Map.of()).names("PrometheusRule")).isEmpty();

        Manifests m = render(Map.of("metrics.prometheusRule.enabled", true));
        List<Map<String, Object>> rules = at(((List<Map<String, Object>>) at(m.one("PrometheusRule", "polyphon"), "spec", "groups")).get(0), "rules");
        List<String> alerts = rules.stream().map(r -> (String) r.get("alert")).toList();
        assertThat(alerts).containsExactlyInAnyOrder("PolyphonLaneLagGrowing", "PolyphonNoWorkerConsuming", "PolyphonDeadLetters",
                "PolyphonJobFailureRate", "PolyphonGpuWorkerOnCpu", "PolyphonStorageErrors");
        String guide = ServiceSettings.read(ServiceSettings.repoRoot().resolve("docs/operations.md"));
        for (Map<String, Object> rule : rules) {
            assertThat(guide).as("docs/operations.md explains %s", rule.get("alert")).contains("### " + rule.get("alert"));
            assertThat((String) rule.get("expr")).as("%s looks at this release's namespace", rule.get("alert")).contains("namespace=\"music\"");
        }
        assertThat(rules).filteredOn(r -> r.get("alert").equals("PolyphonLaneLagGrowing")).singleElement()
                .satisfies(r -> assertThat((String) r.get("expr")).contains("group=\"generation-worker\""));
    }

    @Test
    void theDashboardIsAConfigMapGrafanaLoadsWhenAsked() {
        assertThat(render(Map.of()).names("ConfigMap")).doesNotContain("polyphon-dashboard");
        Map<String, String> dashboard = render(Map.of("metrics.dashboard.enabled", true)).configMap("polyphon-dashboard");
        assertThat(dashboard.get("polyphon.json")).isEqualTo(ServiceSettings.read(CHART.resolve("files/dashboard.json")).strip());
        assertThat((Map<String, Object>) new Yaml().load(dashboard.get("polyphon.json"))).containsEntry("title", "Polyphon");
        assertThat((Map<String, String>) at(render(Map.of("metrics.dashboard.enabled", true)).one("ConfigMap", "polyphon-dashboard"),
                "metadata", "labels")).containsEntry("grafana_dashboard", "1");
    }

    @Test
    void tracesAreExportedOnlyWhereAnEndpointIsGiven() {
        for (String component : MODULE_OF.keySet()) {
            assertThat(render(Map.of()).env(component)).as(component).containsEntry("POLYPHON_TRACE_EXPORT", "false")
                    .doesNotContainKey("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
        }
        Manifests m = render(Map.of("tracing.otlpEndpoint", "http://collector.observability:4318/v1/traces"));
        for (String component : MODULE_OF.keySet()) {
            assertThat(m.env(component)).as(component).containsEntry("POLYPHON_TRACE_EXPORT", "true")
                    .containsEntry("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://collector.observability:4318/v1/traces")
                    .containsEntry("POLYPHON_TRACE_SAMPLING", "1");
        }
    }

    @Test
    void theInstalledMongoImageIsPinnedToAPatchRelease() {
        Map<String, Object> mongo = render(Map.of("mongodb.install", true)).one("StatefulSet", "polyphon-mongodb");
        List<Map<String, Object>> containers = at(mongo, "spec", "template", "spec", "containers");
        assertThat((String) containers.get(0).get("image")).matches("mongo:\\d+\\.\\d+\\.\\d+");
    }

    @Test
    void everyEnvironmentVariableIsOneItsServiceReads() {
        for (Manifests m : List.of(render(Map.of()), render(EVERYTHING_ON), render(Map.of("mongodb.existingSecret.name", "mongo-credentials")))) {
            MODULE_OF.forEach((component, module) -> {
                Set<String> names = m.envNames(component);
                assertThat(names).as("%s sets something", component).isNotEmpty();
                for (String name : names) {
                    assertThat(ServiceSettings.reads(module, name))
                            .as("%s sets %s, which %s.yml does not read (it reads %s)", component, name, module,
                                    ServiceSettings.environmentOf(module).keySet())
                            .isTrue();
                }
            });
        }
    }

    @Test
    void theGatewayFindsMidiAndStorageAtTheirServicesAndPorts() {
        for (Manifests m : List.of(render(Map.of()), render(EVERYTHING_ON))) {
            Map<String, String> gateway = m.env("gateway");
            assertReaches(m, gateway.get("MIDI_SERVICE_URL"), "midi", "MIDI_SERVICE_PORT");
            assertReaches(m, gateway.get("STORAGE_SERVICE_URL"), "storage", "STORAGE_SERVICE_PORT");
            assertReaches(m, "http://polyphon-gateway:" + gateway.get("GATEWAY_PORT"), "gateway", "GATEWAY_PORT");
        }
    }

    @Test
    void installedKafkaAndMongoAreTheOnesTheServicesConnectTo() {
        Manifests m = render(EVERYTHING_ON);
        assertThat(m.names("StatefulSet")).containsExactlyInAnyOrder("polyphon-kafka", "polyphon-mongodb");

        // namespace-qualified, so KEDA in its own namespace resolves it too
        String bootstrap = "polyphon-kafka." + NAMESPACE + ".svc:9092";
        for (String component : MODULE_OF.keySet()) {
            assertThat(m.env(component)).as(component).containsEntry("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        }
        assertThat(m.containerEnv("StatefulSet", "polyphon-kafka")).containsEntry("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://" + bootstrap);
        assertThat(m.names("Service")).contains("polyphon-kafka", "polyphon-mongodb");
        assertThat(secretRef(m, "storage", "MONGODB_URI")).isEqualTo("polyphon-mongodb/uri");
    }

    @Test
    void theGeneratedSecretsAreMadeOnceAtInstallSoUpgradesKeepThem() {
        for (String file : List.of("templates/internal-secret.yaml", "templates/mongodb/secret.yaml")) {
            assertThat(ServiceSettings.read(CHART.resolve(file))).as(file).contains("helm.sh/hook: pre-install");
        }
    }

    @Test
    void anInstalledMongoHasARootUserAndStorageConnectsAsIt(@TempDir Path copy) throws IOException {
        Manifests m = withHookSecrets(copy, Map.of("mongodb.install", true, "mongodb.auth.password", "s3cret/pass"));
        Map<String, Object> container = ((List<Map<String, Object>>) at(m.one("StatefulSet", "polyphon-mongodb"),
                "spec", "template", "spec", "containers")).get(0);
        List<Map<String, Object>> env = at(container, "env");
        assertThat(env).extracting(e -> e.get("name") + "=" + at(e, "valueFrom", "secretKeyRef", "name") + "/"
                        + at(e, "valueFrom", "secretKeyRef", "key"))
                .contains("MONGO_INITDB_ROOT_USERNAME=polyphon-mongodb/username",
                        "MONGO_INITDB_ROOT_PASSWORD=polyphon-mongodb/password");
        assertThat(secretString(m, "polyphon-mongodb", "uri"))
                .isEqualTo("mongodb://polyphon:s3cret%2Fpass@polyphon-mongodb:27017/?authSource=admin");
        assertThat(m.configMap("polyphon-storage")).doesNotContainKey("MONGODB_URI");
    }

    @Test
    void gatewayMidiAndStorageShareTheInternalCredentialFromOneSecret(@TempDir Path copy) throws IOException {
        Manifests m = withHookSecrets(copy, Map.of());
        for (String component : List.of("gateway", "midi", "storage")) {
            assertThat(secretRef(m, component, "POLYPHON_INTERNAL_SECRET")).as(component).isEqualTo("polyphon-internal/secret");
            assertThat(m.configMap("polyphon-" + component)).doesNotContainKey("POLYPHON_INTERNAL_SECRET");
        }
        assertThat(secretString(m, "polyphon-internal", "secret")).hasSizeGreaterThanOrEqualTo(32);
        Manifests own = render(Map.of("internalCredential.existingSecret.name", "our-internal"));
        assertThat(own.names("Secret")).doesNotContain("polyphon-internal");
        assertThat(secretRef(own, "storage", "POLYPHON_INTERNAL_SECRET")).isEqualTo("our-internal/secret");
    }

    @Test
    void networkPoliciesLetOnlyTheGatewayReachStorageAndMidiAndOnlyTheServicesReachKafkaAndMongo() {
        Manifests m = render(EVERYTHING_ON);
        assertThat(m.names("NetworkPolicy")).containsExactlyInAnyOrder("polyphon-midi", "polyphon-storage",
                "polyphon-kafka", "polyphon-mongodb");
        for (String component : List.of("midi", "storage")) {
            Map<String, Object> spec = at(m.one("NetworkPolicy", "polyphon-" + component), "spec");
            assertThat((Map<String, Object>) at(spec, "podSelector", "matchLabels"))
                    .containsEntry("app.kubernetes.io/component", component);
            List<Map<String, Object>> ingress = at(spec, "ingress");
            Map<String, Object> api = ingress.get(0);
            assertThat((List<Map<String, Object>>) api.get("from")).singleElement().satisfies(peer ->
                    assertThat((Map<String, Object>) at(peer, "podSelector", "matchLabels"))
                            .containsEntry("app.kubernetes.io/component", "gateway"));
            assertThat(String.valueOf(((List<Map<String, Object>>) api.get("ports")).get(0).get("port")))
                    .isEqualTo(m.env(component).get(component.equals("midi") ? "MIDI_SERVICE_PORT" : "STORAGE_SERVICE_PORT"));
            // every other rule opens the management port only (probes, Prometheus), from anywhere
            for (Map<String, Object> rule : ingress.subList(1, ingress.size())) {
                assertThat(rule).doesNotContainKey("from");
                assertThat(String.valueOf(((List<Map<String, Object>>) rule.get("ports")).get(0).get("port")))
                        .isEqualTo(m.env(component).get(component.equals("midi") ? "MIDI_SERVICE_MANAGEMENT_PORT"
                                : "STORAGE_SERVICE_MANAGEMENT_PORT"));
            }
        }
        List<Map<String, Object>> kafkaFrom = at(((List<Map<String, Object>>) at(m.one("NetworkPolicy", "polyphon-kafka"),
                "spec", "ingress")).get(0), "from");
        assertThat(kafkaFrom.toString()).contains("[gateway, midi, storage, worker, kafka, kafka-topics]")
                .contains("kubernetes.io/metadata.name=keda");
        List<Map<String, Object>> mongoFrom = at(((List<Map<String, Object>>) at(m.one("NetworkPolicy", "polyphon-mongodb"),
                "spec", "ingress")).get(0), "from");
        assertThat((Map<String, Object>) at(mongoFrom.get(0), "podSelector", "matchLabels"))
                .containsEntry("app.kubernetes.io/component", "storage");
        assertThat(render(Map.of("networkPolicy.enabled", false)).names("NetworkPolicy")).isEmpty();
    }

    /**
     * The chart rendered with its pre-install Secrets in: helm-java's template leaves hooks out, so a copy of the
     * chart with the hook annotations lifted is rendered, as for the topics Job.
     */
    private static Manifests withHookSecrets(Path copy, Map<String, Object> values) throws IOException {
        copyChart(copy);
        for (String file : List.of("templates/internal-secret.yaml", "templates/mongodb/secret.yaml")) {
            Path secret = copy.resolve(file);
            Files.writeString(secret, Files.readString(secret).replaceAll("(?m)^.*helm\\.sh/hook.*\\n", ""));
        }
        return render(copy, values);
    }

    /** "secret/key" of the Secret a component's variable comes from. */
    private static String secretRef(Manifests m, String component, String variable) {
        List<Map<String, Object>> env = at(m.container(component), "env");
        return env.stream().filter(e -> variable.equals(e.get("name"))).findFirst()
                .map(e -> at(e, "valueFrom", "secretKeyRef", "name") + "/" + at(e, "valueFrom", "secretKeyRef", "key"))
                .orElseThrow(() -> new AssertionError(component + " does not get " + variable + " from a Secret"));
    }

    private static String secretString(Manifests m, String secret, String key) {
        return at(m.one("Secret", secret), "stringData", key);
    }

    @Test
    void aMongoUriWithCredentialsComesFromItsSecret() {
        Manifests m = render(Map.of("mongodb.existingSecret.name", "mongo-credentials"));
        assertThat(m.configMap("polyphon-storage")).doesNotContainKey("MONGODB_URI");
        List<Map<String, Object>> env = at(m.container("storage"), "env");
        assertThat(env).anySatisfy(e -> {
            assertThat(e.get("name")).isEqualTo("MONGODB_URI");
            assertThat((String) at(e, "valueFrom", "secretKeyRef", "name")).isEqualTo("mongo-credentials");
        });
    }

    @Test
    void theIngressRoutesToTheGatewayService() {
        Manifests m = render(EVERYTHING_ON);
        Map<String, Object> ingress = m.one("Ingress", "polyphon-gateway");
        List<Map<String, Object>> rules = at(ingress, "spec", "rules");
        Map<String, Object> backend = at(((List<Map<String, Object>>) at(rules.get(0), "http", "paths")).get(0), "backend", "service");
        assertThat(backend.get("name")).isEqualTo("polyphon-gateway");
    }

    @Test
    void aTopicsJobCreatesEveryContractTopicWithTheSameScriptComposeRuns(@TempDir Path copy) throws IOException {
        // The Job is a post-install/post-upgrade hook, and helm-java's template leaves hooks out of what it renders:
        // check the annotation in the source, then render a copy of the chart with the annotation lifted.
        Path job = Path.of("templates/kafka/topics-job.yaml");
        String source = ServiceSettings.read(CHART.resolve(job));
        assertThat(source).contains("helm.sh/hook: post-install,post-upgrade");
        copyChart(copy);
        Files.writeString(copy.resolve(job), source.replaceAll("(?m)^.*helm\\.sh/hook.*\\n", ""));

        Manifests m = render(copy, Map.of());
        assertThat(m.containerEnv("Job", "polyphon-kafka-topics"))
                .containsEntry("PARTITIONS", "12")
                .containsEntry("BOOTSTRAP", m.env("worker").get("KAFKA_BOOTSTRAP_SERVERS"));
        assertThat(render(copy, Map.of("kafka.install", true)).containerEnv("Job", "polyphon-kafka-topics"))
                .as("one broker holds one replica").containsEntry("REPLICATION_FACTOR", "1");
        assertThat(render(copy, Map.of("kafka.topics.create", false)).names("Job")).isEmpty();

        String script = ServiceSettings.read(CHART.resolve("files/create-topics.sh"));
        assertThat(m.configMap("polyphon-kafka-topics").get("create-topics.sh")).isEqualTo(script);
        Set<String> ensured = new TreeSet<>();
        Matcher ensure = Pattern.compile("(?m)^ensure (\\S+)").matcher(script);
        while (ensure.find()) ensured.add(ensure.group(1));
        assertThat(ensured).as("files/create-topics.sh against io.polyphon.contract.Topics").isEqualTo(contractTopics());
    }

    @Test
    void notesSayHowToReachTheGateway() {
        assertThat(notes(Map.of())).contains("kubectl --namespace music port-forward service/polyphon-gateway 8080:8080");
        assertThat(notes(EVERYTHING_ON)).contains("http://polyphon.example.com/").contains("KEDA must be installed");
    }

    @Test
    void theSchemaOffersOnlySettingsTheServicesRead() {
        Map<String, Object> schema = new Yaml().load(ServiceSettings.read(CHART.resolve("values.schema.json")));
        MODULE_OF.forEach((component, module) -> {
            List<String> offered = at(schema, "properties", component, "properties", "config", "propertyNames", "enum");
            for (String name : offered == null ? List.<String>of() : offered) {
                assertThat(ServiceSettings.reads(module, name)).as("%s.config offers %s, which %s.yml does not read", component, name, module).isTrue();
            }
        });
    }

    @Test
    void everySettingAServiceReadsCanBeSetThroughTheChart() {
        // Either the chart sets it (ports, addresses, Kafka, MongoDB, device...) or values.schema.json offers it in
        // the service's config block. A new setting in a <service>.yml lands here until the chart offers it.
        Manifests m = render(EVERYTHING_ON);
        Map<String, Object> schema = new Yaml().load(ServiceSettings.read(CHART.resolve("values.schema.json")));
        MODULE_OF.forEach((component, module) -> {
            List<String> offered = at(schema, "properties", component, "properties", "config", "propertyNames", "enum");
            Set<String> settable = new TreeSet<>(m.envNames(component));
            if (offered != null) settable.addAll(offered);
            assertThat(settable).as("what the chart can set for %s; add the missing ones to %s.config in values.schema.json "
                    + "(and document them in values.yaml)", component, component)
                    .containsAll(ServiceSettings.environmentOf(module).keySet());
        });
    }

    @Test
    void aMistypedValueIsRefusedInsteadOfIgnored() {
        // values.schema.json: a typo fails the install instead of quietly leaving a default in place
        assertThatThrownBy(() -> render(Map.of("worker.gpu.enable", true))).hasMessageContaining("schema").hasMessageContaining("'enable'");
        assertThatThrownBy(() -> render(Map.of("midi.config.POLYPHON_SHARDSIZE", 8))).hasMessageContaining("schema")
                .hasMessageContaining("POLYPHON_SHARDSIZE");
    }

    @Test
    void numbersReachServicesAsPlainIntegers() {
        // Helm reads numbers as floats: 4194304 would print as 4.194304e+06, which Spring cannot bind to a size
        Manifests m = render(Map.of());
        assertThat(m.env("midi")).containsEntry("POLYPHON_MIDI_MAX_BYTES", "4194304").containsEntry("POLYPHON_SHARD_SIZE", "32");
        assertThat(m.env("gateway")).containsEntry("POLYPHON_MIDI_MAX_BYTES", "4194304");
    }

    private static void assertReaches(Manifests m, String url, String component, String portVariable) {
        URI uri = URI.create(url);
        Map<String, Object> service = m.one("Service", uri.getHost());
        List<Map<String, Object>> ports = at(service, "spec", "ports");
        Map<String, Object> port = ports.stream().filter(p -> Integer.valueOf(uri.getPort()).equals(p.get("port"))).findFirst()
                .orElseThrow(() -> new AssertionError(url + ": service " + uri.getHost() + " has no port " + uri.getPort() + ": " + ports));
        List<Map<String, Object>> containerPorts = at(m.container(component), "ports");
        Object containerPort = containerPorts.stream().filter(p -> p.get("name").equals(port.get("targetPort"))).findFirst()
                .orElseThrow(() -> new AssertionError(component + " has no container port named " + port.get("targetPort")))
                .get("containerPort");
        assertThat(String.valueOf(containerPort)).as("%s listens (%s) where its Service sends %s", component, portVariable, url)
                .isEqualTo(m.env(component).get(portVariable));
    }

    /** For each topic, the group generation-worker.yml consumes it in, its placeholders filled from {@code env}. */
    private static Map<String, String> workerGroupsByTopic(Map<String, String> env) {
        Map<String, Map<String, Object>> bindings = at(ServiceSettings.ymlTree("generation-worker"), "spring", "cloud", "stream", "bindings");
        Map<String, String> groups = new LinkedHashMap<>();
        Pattern placeholder = Pattern.compile("\\$\\{([A-Z0-9_]+):([^}]*)}");
        bindings.values().forEach(b -> {
            if (b.get("group") == null) return;
            Matcher m = placeholder.matcher((String) b.get("group"));
            StringBuilder group = new StringBuilder();
            while (m.find()) m.appendReplacement(group, Matcher.quoteReplacement(env.getOrDefault(m.group(1), m.group(2))));
            m.appendTail(group);
            groups.put((String) b.get("destination"), group.toString());
        });
        return groups;
    }

    private static Set<String> contractTopics() {
        Set<String> topics = new TreeSet<>();
        for (Field f : Topics.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class && !f.getName().equals("DEAD_LETTER_SUFFIX")) {
                try {
                    topics.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return topics;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> limits(Map<String, Object> container) {
        Map<String, Object> limits = at(container, "resources", "limits");
        return limits == null ? Map.of() : limits;
    }

    private static Manifests render(Map<String, Object> values) {
        return render(CHART, values);
    }

    private static Manifests render(Path chart, Map<String, Object> values) {
        TemplateCommand template = new Helm(chart).template().withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION);
        values.forEach(template::set);
        return new Manifests(template.call());
    }

    /** NOTES.txt as `helm install` prints it (a client-only dry run: no cluster). */
    private static String notes(Map<String, Object> values) {
        InstallCommand install = new Helm(CHART).install().withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION)
                .clientOnly().dryRun();
        values.forEach(install::set);
        String output = install.call().getOutput();
        return output.substring(output.indexOf("NOTES:"));
    }

    private static void copyChart(Path target) throws IOException {
        try (Stream<Path> files = Files.walk(CHART)) {
            for (Path file : files.toList()) {
                Path to = target.resolve(CHART.relativize(file).toString());
                if (Files.isDirectory(file)) Files.createDirectories(to);
                else Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** The documents of one `helm template` run. */
    private static final class Manifests {
        private final List<Map<String, Object>> docs = new ArrayList<>();

        @SuppressWarnings("unchecked")
        Manifests(String rendered) {
            for (Object doc : new Yaml().loadAll(rendered)) {
                if (doc instanceof Map<?, ?> map) docs.add((Map<String, Object>) map);
            }
        }

        List<String> names(String kind) {
            return docs.stream().filter(d -> kind.equals(d.get("kind"))).map(d -> (String) at(d, "metadata", "name")).toList();
        }

        Map<String, Object> one(String kind, String name) {
            return docs.stream().filter(d -> kind.equals(d.get("kind")) && name.equals(at(d, "metadata", "name"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " among " + names(kind)));
        }

        Map<String, Object> podSpec(String component) {
            return at(one("Deployment", "polyphon-" + component), "spec", "template", "spec");
        }

        Map<String, Object> container(String component) {
            List<Map<String, Object>> containers = at(podSpec(component), "containers");
            assertThat(containers).hasSize(1);
            return containers.get(0);
        }

        Map<String, String> configMap(String name) {
            Map<String, String> data = at(one("ConfigMap", name), "data");
            return data == null ? Map.of() : data;
        }

        /** The plain environment of a component's container: its ConfigMaps, then its literal env entries. */
        Map<String, String> env(String component) {
            Map<String, Object> container = container(component);
            Map<String, String> env = new LinkedHashMap<>();
            List<Map<String, Object>> from = at(container, "envFrom");
            for (Map<String, Object> source : from == null ? List.<Map<String, Object>>of() : from) {
                String configMap = at(source, "configMapRef", "name");
                if (configMap != null) env.putAll(configMap(configMap));
            }
            env.putAll(literalEnv(at(container, "env")));
            return env;
        }

        /** Every variable name a component's container gets, literal, from a Secret or from a ConfigMap. */
        Set<String> envNames(String component) {
            Set<String> names = new LinkedHashSet<>(env(component).keySet());
            List<Map<String, Object>> env = at(container(component), "env");
            if (env != null) env.forEach(e -> names.add((String) e.get("name")));
            return names;
        }

        Map<String, String> containerEnv(String kind, String name) {
            List<Map<String, Object>> containers = at(one(kind, name), "spec", "template", "spec", "containers");
            return literalEnv(at(containers.get(0), "env"));
        }

        private static Map<String, String> literalEnv(List<Map<String, Object>> env) {
            Map<String, String> values = new LinkedHashMap<>();
            if (env != null) env.stream().filter(e -> e.containsKey("value")).forEach(e -> values.put((String) e.get("name"), String.valueOf(e.get("value"))));
            return values;
        }
    }
}
