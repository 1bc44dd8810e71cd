package io.polyphon.standalone.loadtest;

import io.polyphon.contract.Lane;
import io.polyphon.standalone.client.PolyphonClient;
import tools.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A load test against a running service: bulk and interactive clients on threads of their own for the set time,
 * a reading of the run about every second (shown on a one-line ticker), then the jobs in flight waited for or
 * cancelled, and the report.
 */
public final class LoadTest {

    private static final double TICK_SECONDS = 1.0;
    // samples are stored a batch at a time, so a one-second rate jumps between 0 and a batch; five seconds smooth it
    private static final double RATE_WINDOW_SECONDS = 5.0;
    // far enough apart that two clients never send the same seed
    private static final long SEEDS_PER_CLIENT = 1_000_000L;
    static final String BULK = WorkerMetrics.laneName(Lane.BULK);
    static final String INTERACTIVE = WorkerMetrics.laneName(Lane.INTERACTIVE);

    private final PolyphonClient api;
    private final WorkerMetrics metrics;
    private final LoadSettings settings;
    private final PrintStream ticker;

    /** @param ticker where the one-line progress goes (stderr, so stdout keeps only the report) */
    public LoadTest(PolyphonClient api, WorkerMetrics metrics, LoadSettings settings, PrintStream ticker) {
        this.api = api;
        this.metrics = metrics;
        this.settings = settings;
        this.ticker = ticker;
    }

    /**
     * Runs the test; throws the first error a client could not go on after (a refusal other than "later", an
     * unreachable server), once every client has stopped.
     *
     * @param bulkJob        the body of each bulk client's jobs (with its piece and count)
     * @param interactiveJob the body of each interactive client's jobs
     */
    public LoadReport run(String where, String song, String work, ObjectNode bulkJob, ObjectNode interactiveJob) {
        String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        WorkerMetrics.Reading first = metrics.read();
        AtomicLong stored = new AtomicLong();
        List<FinishedJob> finished = new CopyOnWriteArrayList<>();
        Map<String, Integer> refusals = new ConcurrentHashMap<>();
        LoadClock clock = new LoadClock(settings.durationSeconds());
        List<LoadClient> clients = new ArrayList<>();
        for (int i = 0; i < settings.bulkClients() + settings.interactiveClients(); i++) {
            boolean bulk = i < settings.bulkClients();
            clients.add(new LoadClient(api, bulk ? BULK : INTERACTIVE, bulk ? bulkJob : interactiveJob,
                    i * SEEDS_PER_CLIENT + 1, clock, stored, finished, refusals));
        }
        CountDownLatch ended = start(clients);

        List<Tick> ticks = new ArrayList<>();
        ticks.add(tick(clock, stored, first, ticks));
        while (!clock.isOver() && ended.getCount() > 0) {
            await(ended, Math.min(TICK_SECONDS, clock.secondsLeft()));
            ticks.add(tick(clock, stored, first, ticks));
            show(ticks.get(ticks.size() - 1), finished, null);
        }
        double setTime = clock.seconds();
        long storedInTime = stored.get();
        Tick atTheEnd = ticks.get(ticks.size() - 1);
        int inFlight = (int) clients.stream().filter(LoadClient::hasJobInFlight).count();
        boolean failed = clients.stream().anyMatch(c -> c.failure() != null);
        if (settings.atEnd() == LoadSettings.AtEnd.CANCEL || failed) clients.forEach(LoadClient::cancelInFlight);
        while (ended.getCount() > 0) {
            await(ended, TICK_SECONDS);
            ticks.add(tick(clock, stored, first, ticks));
            show(ticks.get(ticks.size() - 1), finished, (int) clients.stream().filter(LoadClient::hasJobInFlight).count());
        }
        ticker.println();
        for (LoadClient client : clients) {
            if (client.failure() != null) throw client.failure();
        }
        double drain = clock.seconds() - setTime;

        List<FinishedJob> jobs = List.copyOf(finished);
        Double tokensPerSecond = atTheEnd.tokens() == null ? null : atTheEnd.tokens() / setTime;
        return new LoadReport(where, song, work, startedAt, settings, setTime, drain, atEnd(inFlight, drain),
                storedInTime, stored.get(), storedInTime / setTime, tokensPerSecond, lanes(jobs),
                (int) jobs.stream().filter(j -> j.outcome().equals("failed")).count(),
                (int) jobs.stream().filter(j -> j.outcome().equals("cancelled")).count(),
                new TreeMap<>(refusals), ticks, jobs, notes());
    }

    private static CountDownLatch start(List<LoadClient> clients) {
        CountDownLatch ended = new CountDownLatch(clients.size());
        int n = 0;
        for (LoadClient client : clients) {
            Thread thread = new Thread(() -> {
                try {
                    client.run();
                } finally {
                    ended.countDown();
                }
            }, "loadtest-client-" + ++n);
            thread.setDaemon(true);
            thread.start();
        }
        return ended;
    }

    private Tick tick(LoadClock clock, AtomicLong stored, WorkerMetrics.Reading first, List<Tick> before) {
        double seconds = clock.seconds();
        long samples = stored.get();
        WorkerMetrics.Reading now = metrics.read();
        Double tokens = now.tokens() == null || first.tokens() == null ? null : now.tokens() - first.tokens();
        Tick from = before.stream().filter(t -> t.seconds() >= seconds - RATE_WINDOW_SECONDS).findFirst()
                .orElse(before.isEmpty() ? null : before.get(before.size() - 1));
        double window = from == null ? 0 : seconds - from.seconds();
        double samplesPerSecond = window > 0 ? (samples - from.samplesStored()) / window : 0;
        Double tokensPerSecond = tokens == null || from == null || from.tokens() == null || window <= 0 ? null
                : (tokens - from.tokens()) / window;
        return new Tick(seconds, samples, samplesPerSecond, tokens, tokensPerSecond, now.lag());
    }

    private void show(Tick tick, List<FinishedJob> finished, Integer waitingFor) {
        long bulk = finished.stream().filter(j -> j.lane().equals(BULK)).count();
        long interactive = finished.size() - bulk;
        String time = waitingFor == null
                ? String.format("%3.0f/%.0f s", tick.seconds(), settings.durationSeconds())
                : String.format("%3.0f s, %s for %d in flight", tick.seconds(),
                settings.atEnd() == LoadSettings.AtEnd.WAIT ? "waiting" : "cancelling", waitingFor);
        String lag = tick.lag().isEmpty() ? "n/a" : String.format("bulk %.0f, interactive %.0f",
                tick.lag().getOrDefault(BULK, 0.0), tick.lag().getOrDefault(INTERACTIVE, 0.0));
        ticker.printf("\r  %s  stored %d samples (%.1f/s)  jobs done: %d bulk, %d interactive  lag: %s   ", time,
                tick.samplesStored(), tick.samplesPerSecond(), bulk, interactive, lag);
        ticker.flush();
    }

    private String atEnd(int inFlight, double drain) {
        if (inFlight == 0) return "no job was in flight when the set time ended";
        return settings.atEnd() == LoadSettings.AtEnd.WAIT
                ? String.format("waited %.1f s for the %d job(s) in flight when the set time ended; their latencies count",
                drain, inFlight)
                : String.format("cancelled the %d job(s) in flight when the set time ended; they are not in the "
                + "latencies, the samples they stored are in the totals", inFlight);
    }

    /** The lanes that had clients meant for them or jobs run on them, bulk first. */
    private List<LaneLatencies> lanes(List<FinishedJob> jobs) {
        List<LaneLatencies> lanes = new ArrayList<>();
        for (String lane : List.of(BULK, INTERACTIVE)) {
            boolean meant = lane.equals(BULK) ? settings.bulkClients() > 0 : settings.interactiveClients() > 0;
            if (meant || jobs.stream().anyMatch(j -> j.lane().equals(lane))) lanes.add(LaneLatencies.of(lane, jobs));
        }
        return lanes;
    }

    private List<String> notes() {
        List<String> notes = new ArrayList<>(List.of("samples: stored samples as the clients' event streams counted "
                + "them; latency: from a job's submission to its completed event"));
        if (!metrics.available()) {
            notes.add("tokens/s and lag: unavailable, no worker metrics were read (pass --metrics "
                    + "http://WORKER:PORT/actuator/prometheus, a generation worker's scrape endpoint)");
            return notes;
        }
        notes.add("tokens: the workers' counter " + WorkerMetrics.TOKENS + " at " + String.join(", ", metrics.urls()));
        // the worker commits a shard's offset when the shard is done, so the one it is generating counts too
        notes.add("lag: shards (of up to 32 samples) on each lane's topic that the worker group has not finished, "
                + "waiting or being generated, as the worker's binder last measured it (" + WorkerMetrics.LAG + ")");
        return notes;
    }

    private static void await(CountDownLatch latch, double seconds) {
        try {
            latch.await(Math.max(1, (long) (seconds * 1000)), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
