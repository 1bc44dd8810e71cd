package io.polyphon.standalone.stack;

import com.marcnuri.helm.Helm;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.polyphon.contract.Messages;
import io.polyphon.midi.parse.MidiLimits;
import io.polyphon.midi.parse.MidiParser;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.request.GenerationRequest;
import io.polyphon.mmm.request.TrackRequest;
import io.polyphon.standalone.client.ApiException;
import io.polyphon.standalone.client.Scrape;
import io.polyphon.worker.engine.Device;
import io.polyphon.worker.engine.GeneratedSample;
import io.polyphon.worker.engine.GenerationEngine;
import io.polyphon.worker.engine.GenerationListener;
import io.polyphon.worker.engine.OnnxLanguageModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.support.GenericApplicationContext;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What an operator sees of the local stack: every service's Prometheus endpoint through a 200-sample job, one trace
 * per job across the four services (every service's spans go to one in-memory exporter here), and a public port
 * that serves health but no metrics.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObservabilityIT {

    private static final AttributeKey<String> SERVICE = AttributeKey.stringKey("service.name");
    private static final int COUNT = 200;
    private static final long SEED = 21;
    /** The worker's batch and the planner's shard size (generation-worker.yml, midi-service.yml). */
    private static final int SHARD = 32;

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private LocalStack stack;
    private ApiSession api;
    private String pieceId;

    @BeforeAll
    void startStack() throws Exception {
        SpanProcessor everySpan = SimpleSpanProcessor.create(spans);
        stack = LocalStack.start(Files.createTempDirectory("polyphon-observed"), PipelineAcceptance.model(), true, 0,
                context -> ((GenericApplicationContext) context).registerBean("testSpans", SpanProcessor.class,
                        () -> everySpan));
        api = new ApiSession(stack, stack.apiKey());
        pieceId = api.uploadSong();
    }

    @AfterAll
    void stopStack() {
        if (stack != null) stack.close();
    }

    @Test
    @Order(1)
    void aTwoHundredSampleJobIsCountedOnEveryServicesScrapeEndpoint() throws Exception {
        Map<String, String> urls = stack.scrapeUrls();
        assertThat(urls).containsOnlyKeys("gateway-service", "midi-service", "generation-worker", "storage-service");
        Map<String, Scrape> before = scrapeAll(urls);

        String job = api.infill(pieceId, COUNT, SEED);
        api.awaitState(job, "COMPLETED");
        int shards = (COUNT + SHARD - 1) / SHARD;
        // the last sample's counts land just after the job is marked completed, and lag is measured every few
        // seconds: read until every service has counted the job, then compare
        StackClient.await(() -> {
            Map<String, Scrape> now = scrapeAll(urls);
            return delta(before, now, "storage-service", "polyphon_storage_samples_stored_total") >= COUNT
                    && delta(before, now, "storage-service", "polyphon_storage_jobs_total", "state", "completed") >= 1
                    && lag(now) == 0;
        }, "the scrape endpoints to show job " + job + " done and every lane drained",
                () -> System.out.println("lag still " + lag(scrapeAll(urls))));
        Map<String, Scrape> after = scrapeAll(urls);

        assertThat(delta(before, after, "gateway-service", "polyphon_gateway_jobs_submitted_total")).isEqualTo(1);
        assertThat(delta(before, after, "midi-service", "polyphon_midi_shards_planned_total", "lane", "bulk")).isEqualTo(shards);
        assertThat(delta(before, after, "generation-worker", "polyphon_worker_samples_generated_total")).isEqualTo(COUNT);
        assertThat(delta(before, after, "storage-service", "polyphon_storage_samples_stored_total")).isEqualTo(COUNT);
        assertThat(delta(before, after, "storage-service", "polyphon_storage_samples_duplicates_total")).isZero();
        assertThat(delta(before, after, "storage-service", "polyphon_storage_jobs_total", "state", "completed")).isEqualTo(1);
        assertThat(delta(before, after, "generation-worker", "polyphon_worker_tokens_generated_total"))
                .as("tokens the worker counted = tokens the engine writes for these 200 samples").isEqualTo(engineTokens());

        // the histograms have observations
        assertThat(delta(before, after, "generation-worker", "polyphon_worker_shard_duration_seconds_count", "lane", "bulk")).isEqualTo(shards);
        assertThat(delta(before, after, "generation-worker", "polyphon_worker_batch_size_count"))
                .as("one batch size (occupied slots) per decode step")
                .isEqualTo(delta(before, after, "generation-worker", "polyphon_worker_decode_step_seconds_count"));
        assertThat(delta(before, after, "generation-worker", "polyphon_worker_prefill_seconds_count")).isPositive();
        assertThat(delta(before, after, "generation-worker", "polyphon_worker_decode_step_seconds_count")).isPositive();
        assertThat(delta(before, after, "midi-service", "polyphon_midi_render_seconds_count")).isEqualTo(COUNT);
        assertThat(delta(before, after, "storage-service", "polyphon_storage_job_duration_seconds_count", "lane", "bulk")).isEqualTo(1);
        assertThat(delta(before, after, "storage-service", "polyphon_storage_job_first_sample_seconds_count", "lane", "bulk")).isEqualTo(1);
        assertThat(after.get("storage-service").sum("polyphon_storage_job_duration_seconds_bucket", "lane", "bulk", "le", "+Inf"))
                .isPositive();
        assertThat(delta(before, after, "gateway-service", "http_server_requests_seconds_count", "uri", "/v1/jobs", "method", "POST"))
                .isEqualTo(1);
        assertThat(after.get("midi-service").sum("polyphon_midi_parse_seconds_count")).isPositive();

        Scrape worker = after.get("generation-worker");
        assertThat(worker.sum("polyphon_worker_device", "device", "cpu", "requested", "cpu")).isEqualTo(1);
        assertThat(worker.sum("polyphon_worker_gpu_fallback")).isZero();
        assertThat(worker.sum("polyphon_worker_model_load_seconds")).isPositive();
        assertThat(worker.sum("polyphon_worker_kv_cache_bytes")).isPositive();
        assertThat(lag(after)).isZero();
        System.out.printf("metrics: job %s, %d shards, %.0f tokens; lag series %s%n", job, shards,
                delta(before, after, "generation-worker", "polyphon_worker_tokens_generated_total"),
                worker.series().stream().filter(s -> s.name().equals(LAG)).map(s -> s.labels().get("topic")).toList());
    }

    @Test
    @Order(2)
    @SuppressWarnings("unchecked")
    void everyMetricTheDashboardAndTheAlertsNameIsOneTheServicesExport() throws Exception {
        // a refused upload, so the refusal counters (registered at their first code) are there too
        assertThatThrownBy(() -> api.client.uploadPiece("not.mid", "not a MIDI file".getBytes()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(422));
        Set<String> exported = new TreeSet<>();
        scrapeAll(stack.scrapeUrls()).values().forEach(scrape -> scrape.series().forEach(series -> exported.add(series.name())));

        Path chart = Path.of(System.getProperty("polyphon.home", "..")).resolve("helm/polyphon");
        Set<String> queries = new TreeSet<>();
        JsonNode dashboard = Messages.json().readTree(Files.readString(chart.resolve("files/dashboard.json")));
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) queries.add(target.get("expr").asString());
        }
        String rendered = new Helm(chart).template().withName("polyphon").withNamespace("music").withKubeVersion("1.30.0")
                .set("metrics.prometheusRule.enabled", true).call();
        for (Object doc : new Yaml().loadAll(rendered)) {
            if (doc instanceof Map<?, ?> map && "PrometheusRule".equals(map.get("kind"))) {
                for (Map<String, Object> group : (List<Map<String, Object>>) ((Map<String, Object>) map.get("spec")).get("groups")) {
                    for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) queries.add((String) rule.get("expr"));
                }
            }
        }
        Set<String> named = new TreeSet<>();
        for (String query : queries) {
            Matcher metric = METRIC.matcher(query);
            while (metric.find()) named.add(metric.group(1));
        }
        System.out.println("the dashboard and the alerts name " + named);
        assertThat(named).hasSizeGreaterThan(15);
        assertThat(exported).as("what the four services export").containsAll(named);
    }

    @Test
    @Order(3)
    void oneJobIsOneTraceFromTheGatewaysRequestToItsStoredSamples() throws Exception {
        String job = api.infill(pieceId, 5, SEED);
        api.awaitState(job, "COMPLETED");
        SpanData request = spans.getFinishedSpanItems().stream()
                .filter(s -> "gateway-service".equals(s.getResource().getAttribute(SERVICE)) && s.getKind() == SpanKind.SERVER
                        && "/v1/jobs".equals(s.getAttributes().get(AttributeKey.stringKey("uri")))
                        && "POST".equals(s.getAttributes().get(AttributeKey.stringKey("method"))))
                .reduce((first, second) -> second).orElseThrow(() -> new AssertionError("no span of POST /v1/jobs among "
                        + names(spans.getFinishedSpanItems())));
        String trace = request.getTraceId();

        StackClient.await(() -> stores(trace).size() >= 5, "the five stored samples of job " + job + " in its trace",
                () -> System.out.println("trace " + trace + ": " + names(inTrace(trace))));
        Set<String> all = names(inTrace(trace));
        System.out.println("trace " + trace + " of job " + job + ": " + all);
        assertThat(all).as("spans of the trace of POST /v1/jobs, as service:kind:name").contains(
                "midi-service:CONSUMER:jobs.requested process",         // planned
                "generation-worker:CONSUMER:shards.interactive process", // its shard generated
                "midi-service:CONSUMER:shards.generated process",        // its samples rendered
                "storage-service:CONSUMER:samples.rendered process");    // and stored
        assertThat(stores(trace)).as("storage wrote each of its samples in the same trace").hasSize(5);
    }

    @Test
    @Order(4)
    void theGatewaysPublicPortServesHealthButNoMetrics() throws Exception {
        assertThat(status(stack.gatewayUrl() + "/readyz")).isEqualTo(200);
        assertThat(status(stack.gatewayUrl() + "/actuator/prometheus")).isEqualTo(404);
        assertThat(status(stack.scrapeUrls().get("gateway-service"))).isEqualTo(200);
        assertThat(stack.scrapeUrls().get("gateway-service")).doesNotStartWith(stack.gatewayUrl() + "/");
    }

    private static final String LAG = "spring_cloud_stream_binder_kafka_offset";
    /** A metric in a PromQL query: every query here selects its series with braces. */
    private static final Pattern METRIC = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{");

    /** Records not yet consumed on the lanes and on samples.rendered, as the binders measure their groups. */
    private static double lag(Map<String, Scrape> scrapes) {
        return scrapes.get("generation-worker").sum(LAG, "topic", "shards.bulk")
                + scrapes.get("generation-worker").sum(LAG, "topic", "shards.interactive")
                + scrapes.get("storage-service").sum(LAG, "topic", "samples.rendered");
    }

    private List<SpanData> inTrace(String trace) {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(trace)).toList();
    }

    private List<SpanData> stores(String trace) {
        return inTrace(trace).stream().filter(s -> "storage-service".equals(s.getResource().getAttribute(SERVICE))
                && s.getName().equals("polyphon.storage.sample.store")).toList();
    }

    private static Set<String> names(List<SpanData> spans) {
        return spans.stream().map(s -> s.getResource().getAttribute(SERVICE) + ":" + s.getKind() + ":" + s.getName())
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    private static Map<String, Scrape> scrapeAll(Map<String, String> urls) {
        Map<String, Scrape> scrapes = new HashMap<>();
        urls.forEach((service, url) -> scrapes.put(service, Scrape.of(url)));
        return scrapes;
    }

    private static double delta(Map<String, Scrape> before, Map<String, Scrape> after, String service, String name,
                                String... labels) {
        return after.get(service).sum(name, labels) - before.get(service).sum(name, labels);
    }

    private static int status(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The tokens the engine writes for the job's samples, in the worker's batches: what the worker must count. */
    private static double engineTokens() {
        Piece piece = new MidiParser(MidiLimits.DEFAULT).parse(ApiSession.SONG.midi());
        GenerationRequest request = new GenerationRequest(COUNT, SEED, 1.0,
                List.of(TrackRequest.infill(ApiSession.SONG.tracks(), List.of(5, 6, 7, 8))), List.of(), 8); // as ApiSession.infill asks
        long tokens = 0;
        try (OnnxLanguageModel model = OnnxLanguageModel.load(PipelineAcceptance.model(), Device.CPU)) {
            GenerationEngine engine = new GenerationEngine(model);
            for (int first = 0; first < COUNT; first += SHARD) {
                for (GeneratedSample sample : engine.generate(piece, request, first, Math.min(SHARD, COUNT - first),
                        GenerationListener.NONE)) {
                    tokens += sample.generatedTokens();
                }
            }
        }
        return tokens;
    }
}
