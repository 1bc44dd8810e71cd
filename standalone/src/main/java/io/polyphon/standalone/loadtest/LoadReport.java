package io.polyphon.standalone.loadtest;

import io.polyphon.contract.Messages;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * What a load test measured: throughput, latency per lane, and the run second by second; printed for the terminal
 * and written as {@code report.json}.
 *
 * @param where              the service tested (a URL, or "a local stack")
 * @param work               what each job asks for, in words
 * @param seconds            the set time as it ran (clients submitted jobs during it)
 * @param drainSeconds       after it, until the jobs in flight were done or cancelled
 * @param atEnd              what happened to the jobs in flight when the set time ended
 * @param samplesStored      samples stored during the set time
 * @param samplesStoredInAll with those stored while the jobs in flight finished
 * @param samplesPerSecond   samples stored per second during the set time
 * @param tokensPerSecond    tokens the workers generated per second during the set time; null where unknown
 * @param refusals           job submissions the service asked to retry later, by problem code
 * @param timeline           a reading about every second, through the end of the jobs in flight
 * @param jobs               every job followed to its end
 * @param notes              where each figure comes from, and which are unavailable
 */
public record LoadReport(String where, String song, String work, String startedAt, LoadSettings settings,
                         double seconds, double drainSeconds, String atEnd, long samplesStored,
                         long samplesStoredInAll, double samplesPerSecond, Double tokensPerSecond,
                         List<LaneLatencies> lanes, int jobsFailed, int jobsCancelled, Map<String, Integer> refusals,
                         List<Tick> timeline, List<FinishedJob> jobs, List<String> notes) {

    private static final int LAG_ROWS = 8;

    /** The summary for the terminal: throughput, the lanes' latencies, and the lag over time in a few rows. */
    public void print(PrintStream out) {
        out.printf("load test of %s: %s%n", where, work);
        out.printf("  %d bulk client(s) x %d-sample jobs, %d interactive client(s) x %d-sample jobs, %.0f s; %s%n",
                settings.bulkClients(), settings.bulkCount(), settings.interactiveClients(), settings.interactiveCount(),
                settings.durationSeconds(), atEnd);
        out.printf("samples/s  %8.1f   (%d samples stored in %.1f s; %d with the jobs in flight at the end)%n",
                samplesPerSecond, samplesStored, seconds, samplesStoredInAll);
        out.println(tokensPerSecond == null ? "tokens/s   unavailable (no worker metrics; see --metrics)"
                : String.format("tokens/s   %8.0f   (the workers' counter)", tokensPerSecond));
        out.printf("jobs: %s completed; %d failed, %d cancelled%s%n",
                lanes.stream().map(l -> l.jobs() + " " + l.lane()).collect(Collectors.joining(", ")), jobsFailed,
                jobsCancelled, refusals.isEmpty() ? "" : "; asked to retry later: " + refusals.entrySet().stream()
                        .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")));
        out.println();
        out.printf("%-12s %6s %8s %8s %8s %8s %8s   (latency: submitted to completed)%n", "lane", "jobs", "samples",
                "p50 s", "p95 s", "p99 s", "max s");
        for (LaneLatencies lane : lanes) {
            out.printf("%-12s %6d %8d %8s %8s %8s %8s%n", lane.lane(), lane.jobs(), lane.samples(), seconds(lane.p50()),
                    seconds(lane.p95()), seconds(lane.p99()), seconds(lane.max()));
        }
        out.println();
        boolean lag = timeline.stream().anyMatch(t -> !t.lag().isEmpty());
        out.println(lag ? "over time (lag: shards not yet finished per lane):" : "over time (lag unavailable: no worker metrics):");
        out.printf("%8s %10s %8s %12s%n", "t s", "samples/s", "bulk", "interactive");
        for (Tick tick : rows(timeline, LAG_ROWS)) {
            out.printf("%8.0f %10.1f %8s %12s%n", tick.seconds(), tick.samplesPerSecond(),
                    lag(tick, LoadTest.BULK), lag(tick, LoadTest.INTERACTIVE));
        }
    }

    /** Writes this report as pretty-printed JSON. */
    public void writeJson(Path file) throws IOException {
        Files.writeString(file, Messages.json().writerWithDefaultPrettyPrinter().writeValueAsString(this));
    }

    /** About {@code count} ticks evenly spread over the run, the first and the last among them. */
    static List<Tick> rows(List<Tick> ticks, int count) {
        if (ticks.size() <= count) return ticks;
        return IntStream.range(0, count).map(i -> (int) Math.round(i * (ticks.size() - 1) / (double) (count - 1)))
                .distinct().mapToObj(ticks::get).toList();
    }

    private static String seconds(Double value) {
        return value == null ? "-" : String.format("%.2f", value);
    }

    private static String lag(Tick tick, String lane) {
        Double shards = tick.lag().get(lane);
        return shards == null ? "n/a" : String.format("%.0f", shards);
    }
}
