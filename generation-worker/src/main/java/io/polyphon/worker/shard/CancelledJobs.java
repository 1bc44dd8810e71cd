package io.polyphon.worker.shard;

import io.polyphon.contract.CancelJob;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The jobs cancelled recently, as heard on {@code jobs.control}. Memory is bounded twice: a job is forgotten once
 * {@code retention} has passed since it was cancelled (no shard of it should still be queued by then), and at most
 * {@code capacity} jobs are kept, the oldest forgotten first. A worker that starts reads the compacted topic from
 * its beginning; cancellations older than the retention are not even recorded.
 */
public final class CancelledJobs {

    private final Duration retention;
    private final int capacity;
    private final Clock clock;
    /** Job id → when it was cancelled, in the order heard: the eldest entry is the first to forget. */
    private final LinkedHashMap<String, Instant> cancelledAt = new LinkedHashMap<>();

    public CancelledJobs(Duration retention, int capacity, Clock clock) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be positive, not " + capacity);
        this.retention = retention;
        this.capacity = capacity;
        this.clock = clock;
    }

    /** Records a cancellation; a job cancelled twice keeps its first time. */
    public synchronized void cancel(CancelJob command) {
        Instant at = command.occurredAt() != null ? command.occurredAt() : clock.instant();
        if (expired(at)) return;
        cancelledAt.putIfAbsent(command.jobId(), at);
        forgetExpired();
        Iterator<String> eldest = cancelledAt.keySet().iterator();
        while (cancelledAt.size() > capacity) {
            eldest.next();
            eldest.remove();
        }
    }

    /** Whether {@code jobId} is cancelled (and not yet forgotten). */
    public synchronized boolean contains(String jobId) {
        Instant at = cancelledAt.get(jobId);
        if (at == null) return false;
        if (!expired(at)) return true;
        cancelledAt.remove(jobId);
        return false;
    }

    /** Jobs remembered now. */
    public synchronized int size() {
        forgetExpired();
        return cancelledAt.size();
    }

    private void forgetExpired() {
        cancelledAt.entrySet().removeIf(e -> expired(e.getValue()));
    }

    private boolean expired(Instant cancelled) {
        return cancelled.plus(retention).isBefore(clock.instant());
    }
}
