package io.polyphon.standalone.cli;

import io.polyphon.contract.Messages;
import io.polyphon.midi.parse.MidiLimits;
import io.polyphon.midi.parse.MidiParser;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.standalone.client.PolyphonClient;
import io.polyphon.standalone.loadtest.LoadReport;
import io.polyphon.standalone.loadtest.LoadReportPage;
import io.polyphon.standalone.loadtest.LoadSettings;
import io.polyphon.standalone.loadtest.LoadTest;
import io.polyphon.standalone.loadtest.WorkerMetrics;
import io.polyphon.standalone.stack.LocalStack;
import org.springframework.core.env.MapPropertySource;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code polyphon loadtest}: bulk and interactive clients sending jobs to a running stack (or a local one) for a set
 * time; prints throughput and each lane's latency and lag, and writes {@code report.json} and {@code report.html}.
 */
@Command(name = "loadtest", description = {"Load test: bulk and interactive clients send jobs for a set time, on a "
        + "local stack or --server;", "prints samples/s, tokens/s, p50/p95/p99 job latency per lane and the lanes' lag "
        + "over time; writes report.json and report.html to --out."})
final class LoadtestCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "SONG",
            description = "the song every job varies (default: examples/band.mid)")
    Path song;

    @Option(names = "--server", paramLabel = "URL", description = "a running Polyphon (default: start a local stack)")
    String server;

    @Mixin
    KeyOptions keys;

    @Option(names = "--metrics", paramLabel = "URL", split = ",",
            description = "with --server: generation workers' scrape endpoints (http://WORKER:PORT/actuator/prometheus) "
                    + "for tokens/s and lag; without one those are reported unavailable")
    List<String> metrics = List.of();

    @Option(names = "--bulk-clients", paramLabel = "N", defaultValue = "2", description = "clients sending bulk jobs (default: ${DEFAULT-VALUE})")
    int bulkClients;

    @Option(names = "--interactive-clients", paramLabel = "N", defaultValue = "4",
            description = "clients sending interactive jobs (default: ${DEFAULT-VALUE})")
    int interactiveClients;

    @Option(names = "--duration", defaultValue = "60s", paramLabel = "TIME", converter = Seconds.class,
            description = "how long clients submit jobs: 90s, 2m, 500ms (default: ${DEFAULT-VALUE})")
    double durationSeconds;

    @Option(names = "--bulk-count", paramLabel = "N", defaultValue = "1000", description = "samples per bulk job (default: ${DEFAULT-VALUE})")
    int bulkCount;

    @Option(names = "--interactive-count", paramLabel = "N", defaultValue = "5",
            description = "samples per interactive job (default: ${DEFAULT-VALUE})")
    int interactiveCount;

    @Option(names = "--at-end", defaultValue = "wait", paramLabel = "wait|cancel",
            description = "the jobs in flight when the time is up: wait for them (they count) or cancel them "
                    + "(default: ${DEFAULT-VALUE})")
    String atEnd;

    @Option(names = "--out", defaultValue = "loadtest", paramLabel = "DIR",
            description = "where report.json and report.html go (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--model", paramLabel = "FILE", description = "local stack: ONNX model (default: the bundled one)")
    Path model;

    /**
     * The local stack's binders measure lag once a second (not every 10 s), so the run's lag has a point per reading;
     * and a scrape reads the last measure instead of measuring again: measuring on a scrape shares the binder's one
     * metadata consumer with its scheduled measure, and when the two collide the scrape reads 0 (seen here every
     * 15 s or so with a bulk lane 40 shards deep).
     */
    private static final Map<String, Object> LAG_EVERY_SECOND = Map.of("POLYPHON_LAG_METRICS_INTERVAL", "1s",
            "spring.cloud.stream.kafka.binder.metrics.default-offset-lag-metrics-enabled", "false");

    @Override
    public Integer call() throws IOException {
        LoadSettings settings = new LoadSettings(bulkClients, interactiveClients, durationSeconds, bulkCount,
                interactiveCount, atEnd(atEnd));
        Path songFile = song != null ? song : Models.home().resolve("examples/band.mid");
        byte[] midi = Files.readAllBytes(songFile);
        Piece piece = new MidiParser(MidiLimits.DEFAULT).parse(midi);
        if (server != null) {
            PolyphonClient client = new PolyphonClient(server, keys.resolve());
            run(client, server, settings, songFile, midi, piece, metrics);
            return 0;
        }
        if (!metrics.isEmpty()) throw new IllegalArgumentException("--metrics goes with --server: a local stack's are known");
        Path data = Files.createTempDirectory("polyphon-loadtest");
        try (LocalStack stack = LocalStack.start(data, model != null ? model : Models.bundled(), true, 0,
                context -> context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("loadtest",
                        LAG_EVERY_SECOND)))) {
            run(new PolyphonClient(stack.gatewayUrl(), stack.apiKey()),
                    "a local stack (" + Runtime.getRuntime().availableProcessors() + " cores)", settings, songFile, midi,
                    piece, List.of(stack.scrapeUrls().get("generation-worker")));
        } finally {
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }

    private void run(PolyphonClient client, String where, LoadSettings settings, Path songFile,
                     byte[] midi, Piece piece, List<String> metricsUrls) throws IOException {
        // the piece is uploaded before the metrics are read, so an unreachable server is named as such first
        String pieceId = client.uploadPiece(songFile.getFileName().toString(), midi).get("id").asString();
        WorkerMetrics workers = metricsUrls.isEmpty() ? WorkerMetrics.none() : WorkerMetrics.at(metricsUrls);
        int last = Math.min(piece.barCount(), 8);
        String work = "4-bar infill (bars " + (last - 3) + "-" + last + ") of track " + piece.tracks().size()
                + ", whole-window plan";
        System.err.printf("load test of %s for %.0f s: %s of %s%n", where, settings.durationSeconds(), work,
                songFile.getFileName());
        LoadReport report = new LoadTest(client, workers, settings, System.err).run(where,
                songFile.getFileName().toString(), work, job(piece, pieceId, settings.bulkCount()),
                job(piece, pieceId, settings.interactiveCount()));
        report.print(System.out);
        Files.createDirectories(out);
        report.writeJson(out.resolve("report.json"));
        LoadReportPage.write(report, out.resolve("report.html"));
        System.out.printf("%nreport: %s, %s%n", out.resolve("report.json"), out.resolve("report.html"));
    }

    /** {@code bench stack}'s job (a 4-bar infill of the last track, whole-window plan), so their figures compare. */
    private static ObjectNode job(Piece piece, String pieceId, int count) {
        ObjectNode body = Messages.json().valueToTree(GenerateBenchmark.infill(piece, count));
        return body.put("pieceId", pieceId);
    }

    private static LoadSettings.AtEnd atEnd(String value) {
        return switch (value) {
            case "wait" -> LoadSettings.AtEnd.WAIT;
            case "cancel" -> LoadSettings.AtEnd.CANCEL;
            default -> throw new IllegalArgumentException("--at-end must be wait or cancel (got '" + value + "')");
        };
    }

    /** A time such as {@code 60s}, {@code 2m}, {@code 500ms} or {@code 90} (seconds), in seconds; more than 0. */
    static final class Seconds implements ITypeConverter<Double> {

        private static final Pattern TIME = Pattern.compile("(-?\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

        @Override
        public Double convert(String value) {
            Matcher m = TIME.matcher(value.trim());
            if (!m.matches()) {
                throw new TypeConversionException("'" + value + "' is not a time; write it as 60s, 2m or 500ms");
            }
            double amount = Double.parseDouble(m.group(1));
            double seconds = switch (m.group(2) == null ? "s" : m.group(2)) {
                case "ms" -> amount / 1000;
                case "m" -> amount * 60;
                case "h" -> amount * 3600;
                default -> amount;
            };
            if (!(seconds > 0)) throw new TypeConversionException("'" + value + "' is not longer than 0");
            return seconds;
        }
    }
}
