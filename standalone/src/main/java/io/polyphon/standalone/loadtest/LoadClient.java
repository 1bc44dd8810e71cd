package io.polyphon.standalone.loadtest;

import io.polyphon.contract.Messages;
import io.polyphon.standalone.client.ApiException;
import io.polyphon.standalone.client.PolyphonClient;
import io.polyphon.standalone.client.ServerSentEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One simulated user: submits a job, follows its event stream to the end, records how long it took, and submits
 * the next, until the set time is over. A refusal that says "later" (429, 503) is counted and waited out; any other
 * refusal ends the client, and with it the run.
 */
final class LoadClient implements Runnable {

    private static final int RECONNECTS = 100;
    private static final long BACK_OFF_MILLIS = 1000;
    private static final String PLANNED_ON = " on ";

    private final PolyphonClient api;
    private final String lane;
    private final ObjectNode job;
    private final int count;
    private final long firstSeed;
    private final LoadClock clock;
    private final AtomicLong stored;
    private final List<FinishedJob> finished;
    private final Map<String, Integer> refusals;
    private volatile String inFlight;
    private volatile RuntimeException failure;

    /**
     * @param lane      the lane this client's jobs are meant for, by their size
     * @param job       the job's body (with its piece); each job gets a seed of its own
     * @param firstSeed the first job's seed, so no two clients send the same music
     * @param stored    samples stored over all clients, added to as this client's streams report them
     */
    LoadClient(PolyphonClient api, String lane, ObjectNode job, long firstSeed, LoadClock clock, AtomicLong stored,
               List<FinishedJob> finished, Map<String, Integer> refusals) {
        this.api = api;
        this.lane = lane;
        this.job = job;
        this.count = job.get("count").asInt();
        this.firstSeed = firstSeed;
        this.clock = clock;
        this.stored = stored;
        this.finished = finished;
        this.refusals = refusals;
    }

    @Override
    public void run() {
        try {
            for (long seed = firstSeed; !clock.isOver(); ) {
                double submittedAt = clock.seconds();
                String jobId = submit(seed);
                if (jobId == null) continue;
                seed++;
                finished.add(follow(jobId, submittedAt));
            }
        } catch (RuntimeException e) {
            failure = e;
            clock.stop();
        }
    }

    /** The refusal or error that ended this client early, or null. */
    RuntimeException failure() {
        return failure;
    }

    /** Cancels the job this client is following, if any; its stream then ends with {@code cancelled}. */
    boolean cancelInFlight() {
        String jobId = inFlight;
        if (jobId == null) return false;
        try {
            api.cancel(jobId);
            return true;
        } catch (ApiException alreadyEnded) {
            return false;
        }
    }

    boolean hasJobInFlight() {
        return inFlight != null;
    }

    /** The new job's id, or null when the service said to come back later (after waiting a moment). */
    private String submit(long seed) {
        ObjectNode body = job.deepCopy();
        body.put("seed", seed);
        try {
            String jobId = api.createJob(body.toString(), null).get("id").asString();
            inFlight = jobId;
            return jobId;
        } catch (ApiException refused) {
            if (refused.status() != 429 && refused.status() != 503) throw refused;
            refusals.merge(refused.code(), 1, Integer::sum);
            sleep(Math.min(BACK_OFF_MILLIS, (long) (clock.secondsLeft() * 1000)));
            return null;
        }
    }

    private FinishedJob follow(String jobId, double submittedAt) {
        int[] done = {0};
        ServerSentEvent ending = api.followToEnd(jobId, RECONNECTS, event -> {
            if (!event.name().equals("progress")) return;
            int now = Messages.json().readTree(event.data()).get("done").asInt();
            if (now > done[0]) stored.addAndGet(now - done[0]);
            done[0] = Math.max(done[0], now);
        });
        double seconds = clock.seconds() - submittedAt;
        String outcome = ending == null ? "stream-ended" : ending.name();
        if (outcome.equals("completed") && done[0] < count) stored.addAndGet(count - done[0]);
        inFlight = null;
        return new FinishedJob(plannedLane(jobId), count, submittedAt, seconds, outcome);
    }

    /**
     * The lane the service put the job on, as the planner's entry in the job's history says ("1 shards on
     * INTERACTIVE"; storage's JobMeters reads it the same way), so a job of a size the deployment counts otherwise is
     * reported where it ran; this client's lane where the history does not say.
     */
    private String plannedLane(String jobId) {
        try {
            for (JsonNode change : api.get("/v1/jobs/" + jobId).path("history")) {
                String reason = change.path("reason").asString("");
                if (change.path("state").asString("").equals("PLANNED") && reason.contains(PLANNED_ON)) {
                    return reason.substring(reason.lastIndexOf(PLANNED_ON) + PLANNED_ON.length()).trim()
                            .toLowerCase(Locale.ROOT);
                }
            }
        } catch (ApiException unreadable) {
            // the lane it was meant for, below
        }
        return lane;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(Math.max(0, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
