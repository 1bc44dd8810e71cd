package io.polyphon.standalone.loadtest;

import io.polyphon.contract.Lane;
import io.polyphon.standalone.client.Scrape;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The generation workers' figures a load test reads from their Prometheus endpoints: tokens generated and the lag
 * of each lane's topic.
 * <p>
 * The lag is read from the worker's scrape ({@code spring_cloud_stream_binder_kafka_offset}) rather than from Kafka
 * with an AdminClient: it is the figure the dashboard, the alerts and KEDA's scaler use, one endpoint gives both it
 * and the token counter, and a team load-testing a deployment can usually reach a worker's metrics port where the
 * brokers are not exposed. Its price: the binder measures lag on its own schedule (the local stack's worker is set
 * to every second; a deployment's to {@code POLYPHON_LAG_METRICS_INTERVAL}, 10 s by default).
 */
public final class WorkerMetrics {

    static final String TOKENS = "polyphon_worker_tokens_generated_total";
    static final String LAG = "spring_cloud_stream_binder_kafka_offset";

    private final List<String> urls;

    private WorkerMetrics(List<String> urls) {
        this.urls = List.copyOf(urls);
    }

    /** No metrics: tokens and lag are reported as unavailable. */
    public static WorkerMetrics none() {
        return new WorkerMetrics(List.of());
    }

    /** The workers' scrape endpoints, each read once now so a wrong one is refused before the run starts. */
    public static WorkerMetrics at(List<String> urls) {
        for (String url : urls) {
            Scrape scrape = Scrape.of(url);
            if (!scrape.has(TOKENS)) {
                throw new IllegalArgumentException(url + " is not a generation worker's scrape endpoint (no " + TOKENS
                        + "); pass --metrics http://WORKER:PORT/actuator/prometheus");
            }
        }
        return new WorkerMetrics(urls);
    }

    boolean available() {
        return !urls.isEmpty();
    }

    List<String> urls() {
        return urls;
    }

    /** What the workers say now; null tokens and no lag where there are no metrics or a read failed. */
    Reading read() {
        if (urls.isEmpty()) return Reading.NONE;
        double tokens = 0;
        Map<String, Double> lag = new LinkedHashMap<>();
        try {
            for (String url : urls) {
                Scrape scrape = Scrape.of(url);
                tokens += scrape.sum(TOKENS);
                // every worker of the group reports the group's lag, so several workers' figures are one figure
                for (Lane lane : Lane.values()) {
                    if (!scrape.has(LAG)) continue;
                    lag.merge(laneName(lane), scrape.sum(LAG, "topic", lane.topic()), Math::max);
                }
            }
        } catch (UncheckedIOException | IllegalArgumentException unreadable) {
            return Reading.NONE;
        }
        return new Reading(tokens, lag);
    }

    static String laneName(Lane lane) {
        return lane.name().toLowerCase(Locale.ROOT);
    }

    /** One read: tokens generated so far (null: unknown), and shards waiting per lane (empty: unknown). */
    record Reading(Double tokens, Map<String, Double> lag) {
        static final Reading NONE = new Reading(null, Map.of());
    }
}
