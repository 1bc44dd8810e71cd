package io.polyphon.standalone.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.polyphon.standalone.loadtest.SvgChart.escape;

/**
 * A load test's report as one self-contained HTML page: the figures, and charts drawn as inline SVG (throughput
 * and lag over time, each job's latency, the lanes' percentiles); no script, nothing fetched, so it opens anywhere.
 */
public final class LoadReportPage {

    private static final Map<String, String> LANE_COLOURS = Map.of(LoadTest.BULK, "#1f77b4",
            LoadTest.INTERACTIVE, "#d62728");
    private static final List<String> PERCENTILE_COLOURS = List.of("#9ecae1", "#4292c6", "#08519c");
    private static final String SET_TIME_ENDS = "end of set time";

    private LoadReportPage() {
    }

    public static void write(LoadReport report, Path file) throws IOException {
        Files.writeString(file, html(report));
    }

    static String html(LoadReport report) {
        StringBuilder page = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>Polyphon load test</title>
                <style>
                body { font-family: system-ui, sans-serif; max-width: 940px; margin: 24px auto; color: #222; }
                table { border-collapse: collapse; margin: 8px 0 16px; }
                th, td { padding: 3px 12px; text-align: right; border-bottom: 1px solid #ddd; }
                th:first-child, td:first-child { text-align: left; }
                figure { margin: 18px 0; } .note { color: #555; font-size: 90%; }
                </style></head><body>
                """);
        page.append(f("<h1>Load test of %s</h1>%n", escape(report.where())));
        page.append(f("<p>%s; song %s. %d bulk client(s) &times; %d-sample jobs, %d interactive client(s) &times; "
                        + "%d-sample jobs, for %.0f s from %s; %s.</p>%n", escape(report.work()), escape(report.song()),
                report.settings().bulkClients(), report.settings().bulkCount(), report.settings().interactiveClients(),
                report.settings().interactiveCount(), report.settings().durationSeconds(), escape(report.startedAt()),
                escape(report.atEnd())));
        page.append(f("<table><tr><th>samples/s</th><td>%.1f</td><td class='note'>%d samples stored in %.1f s</td></tr>"
                        + "<tr><th>tokens/s</th><td>%s</td><td class='note'>%s</td></tr></table>%n",
                report.samplesPerSecond(), report.samplesStored(), report.seconds(),
                report.tokensPerSecond() == null ? "unavailable" : f("%.0f", report.tokensPerSecond()),
                report.tokensPerSecond() == null ? "no worker metrics were read" : "the workers' token counter"));
        page.append("<table><tr><th>lane</th><th>jobs</th><th>samples</th><th>p50 s</th><th>p95 s</th><th>p99 s</th>"
                + "<th>max s</th></tr>\n");
        for (LaneLatencies lane : report.lanes()) {
            page.append(f("<tr><td>%s</td><td>%d</td><td>%d</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>%n",
                    lane.lane(), lane.jobs(), lane.samples(), seconds(lane.p50()), seconds(lane.p95()),
                    seconds(lane.p99()), seconds(lane.max())));
        }
        page.append("</table>\n");

        figure(page, throughput(report));
        if (report.tokensPerSecond() != null) figure(page, tokens(report));
        if (report.timeline().stream().anyMatch(t -> !t.lag().isEmpty())) {
            figure(page, lag(report));
        } else {
            page.append("<p class='note'>Lag per lane: unavailable, no worker metrics were read.</p>\n");
        }
        figure(page, jobLatencies(report));
        figure(page, percentiles(report));
        page.append("<ul class='note'>\n");
        for (String note : report.notes()) page.append("<li>").append(escape(note)).append("</li>\n");
        return page.append("</ul>\n</body></html>\n").toString();
    }

    private static String throughput(LoadReport report) {
        List<double[]> points = report.timeline().stream().map(t -> new double[]{t.seconds(), t.samplesPerSecond()}).toList();
        return SvgChart.lines("Samples stored per second (over the last 5 s)", "seconds since the start",
                "samples/s", List.of(new SvgChart.Series("samples/s", "#2ca02c", points, false)), report.seconds(),
                SET_TIME_ENDS);
    }

    private static String tokens(LoadReport report) {
        List<double[]> points = report.timeline().stream().filter(t -> t.tokensPerSecond() != null)
                .map(t -> new double[]{t.seconds(), t.tokensPerSecond()}).toList();
        return SvgChart.lines("Tokens generated per second (over the last 5 s)", "seconds since the start",
                "tokens/s", List.of(new SvgChart.Series("tokens/s", "#9467bd", points, false)), report.seconds(),
                SET_TIME_ENDS);
    }

    private static String lag(LoadReport report) {
        List<SvgChart.Series> series = new ArrayList<>();
        for (LaneLatencies lane : report.lanes()) {
            List<double[]> points = report.timeline().stream().filter(t -> t.lag().containsKey(lane.lane()))
                    .map(t -> new double[]{t.seconds(), t.lag().get(lane.lane())}).toList();
            series.add(new SvgChart.Series(lane.lane(), LANE_COLOURS.getOrDefault(lane.lane(), "#333"), points, false));
        }
        return SvgChart.lines("Lag per lane: shards not yet finished (waiting or being generated)", "seconds since the start", "shards",
                series, report.seconds(), SET_TIME_ENDS);
    }

    private static String jobLatencies(LoadReport report) {
        List<SvgChart.Series> series = new ArrayList<>();
        for (LaneLatencies lane : report.lanes()) {
            List<double[]> points = report.jobs().stream().filter(j -> j.lane().equals(lane.lane()) && j.completed())
                    .map(j -> new double[]{j.submittedAt() + j.seconds(), j.seconds()}).toList();
            series.add(new SvgChart.Series(lane.lane(), LANE_COLOURS.getOrDefault(lane.lane(), "#333"), points, true));
        }
        return SvgChart.lines("Each job's latency, at the time it completed", "seconds since the start",
                "seconds, submitted to completed", series, report.seconds(), SET_TIME_ENDS);
    }

    private static String percentiles(LoadReport report) {
        List<String> lanes = report.lanes().stream().map(LaneLatencies::lane).toList();
        Double[][] values = report.lanes().stream().map(l -> new Double[]{l.p50(), l.p95(), l.p99()})
                .toArray(Double[][]::new);
        return SvgChart.bars("Job latency per lane (seconds, submitted to completed)", "seconds", lanes,
                List.of("p50", "p95", "p99"), PERCENTILE_COLOURS, values);
    }

    private static void figure(StringBuilder page, String svg) {
        page.append("<figure>").append(svg).append("</figure>\n");
    }

    private static String seconds(Double value) {
        return value == null ? "&ndash;" : f("%.2f", value);
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
