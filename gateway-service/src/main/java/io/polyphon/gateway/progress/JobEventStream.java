package io.polyphon.gateway.progress;

import io.polyphon.contract.JobEvent;
import io.polyphon.gateway.storage.JobView;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One client's event stream of one job. It starts from the job as storage has it (so a reconnecting client misses
 * nothing), then follows the live events; events that arrive before that snapshot is sent wait for it. Each event's
 * id is the number of samples done, and no count goes backwards. A {@code progress} event is sent when the count or
 * the job's {@code work} rises (so the count repeats while samples are being generated); work never falls within a
 * stream, and a stream starts at what the stored count implies.
 */
final class JobEventStream {

    private final String jobId;
    private final SseEmitter emitter;
    private final Clock clock;
    private final List<JobEvent> early = new ArrayList<>();
    private boolean started;
    private boolean acceptedSent;
    private boolean finished;
    private int done;
    private int total;
    /** The share of the job's work last sent, in thousandths: never lower than done / total. */
    private int workMilli;
    private Instant since;

    /**
     * @param lastEventId the client's Last-Event-ID header: the count it saw last, or null on a first connection
     */
    JobEventStream(String jobId, SseEmitter emitter, Clock clock, String lastEventId) {
        this.jobId = jobId;
        this.emitter = emitter;
        this.clock = clock;
        Integer seen = parse(lastEventId);
        this.acceptedSent = seen != null;
        this.done = seen == null ? 0 : seen;
    }

    SseEmitter emitter() {
        return emitter;
    }

    /** Sends the job's stored state, then whatever arrived meanwhile. */
    synchronized void start(JobView job) {
        total = job.total();
        since = job.createdAt() != null ? job.createdAt() : clock.instant();
        started = true;
        workMilli = milli(done, total);
        if (!job.state().equals("QUEUED")) accepted();
        progressed(job.done(), null);
        switch (job.state()) {
            case "COMPLETED" -> finish(new ProgressEvent.Completed(jobId, total));
            case "CANCELLED" -> finish(new ProgressEvent.Cancelled(jobId, job.done()));
            case "FAILED" -> finish(job.failure() == null
                    ? new ProgressEvent.Failed(jobId, "failed", "the job failed", false)
                    : new ProgressEvent.Failed(jobId, job.failure().code(), job.failure().message(), job.failure().retryable()));
            default -> { }
        }
        for (JobEvent event : early) on(event);
        early.clear();
    }

    synchronized void on(JobEvent event) {
        if (finished) return;
        if (!started) {
            early.add(event);
            return;
        }
        if (event instanceof JobEvent.JobAccepted) {
            accepted();
        } else if (event instanceof JobEvent.JobProgressed progressed) {
            accepted();
            progressed(progressed.done(), progressed.work());
        } else if (event instanceof JobEvent.JobCompleted completed) {
            progressed(completed.total(), 1.0);
            finish(new ProgressEvent.Completed(jobId, completed.total()));
        } else if (event instanceof JobEvent.JobFailed failed) {
            finish(new ProgressEvent.Failed(jobId, failed.code(), failed.reason(), failed.retryable()));
        } else if (event instanceof JobEvent.JobCancelled cancelled) {
            finish(new ProgressEvent.Cancelled(jobId, Math.max(done, cancelled.done())));
        }
    }

    boolean isFinished() {
        return finished;
    }

    private void accepted() {
        if (acceptedSent) return;
        acceptedSent = true;
        send(new ProgressEvent.Accepted(jobId, total));
    }

    /** @param work the job's share of work done as storage reported it, or null where only the count is known */
    private void progressed(int count, Double work) {
        int newDone = Math.max(done, count);
        int newWork = Math.max(workMilli, milli(newDone, total));
        if (work != null && newDone < total) newWork = Math.max(newWork, Math.min(999, (int) Math.floor(work * 1000)));
        if (newDone == done && newWork == workMilli) return;
        done = newDone;
        workMilli = newWork;
        send(new ProgressEvent.Progress(jobId, done, total, workMilli / 1000.0, eta()));
    }

    /**
     * Seconds left at the rate of work since the job was created; a guess that gets better as the job goes on, and
     * which needs no stored sample where storage reports the work of samples still being generated.
     */
    private Long eta() {
        if (workMilli == 0) return null;
        long elapsedMillis = Math.max(0, Duration.between(since, clock.instant()).toMillis());
        return Math.round(elapsedMillis / 1000.0 * (1000 - workMilli) / workMilli);
    }

    /** {@code done / total} in thousandths, rounded down. */
    private static int milli(int done, int total) {
        return total <= 0 ? 0 : (int) Math.min(1000, (long) done * 1000 / total);
    }

    private void finish(ProgressEvent last) {
        if (finished) return;
        send(last);
        finished = true;
        emitter.complete();
    }

    private void send(ProgressEvent event) {
        try {
            emitter.send(SseEmitter.event().id(Integer.toString(done)).name(event.name())
                    .data(event, MediaType.APPLICATION_JSON));
        } catch (IOException | IllegalStateException gone) {
            // the client went away; the emitter's callbacks take this stream off the job
            finished = true;
            emitter.completeWithError(gone);
        }
    }

    private static Integer parse(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) return null;
        try {
            return Math.max(0, Integer.parseInt(lastEventId.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
