package io.polyphon.storage.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the audit trail to its retention: every {@code pruneEvery} it deletes the entries older than
 * {@code retention}. A TTL index would do it in MongoDB itself, but not in the MongoDB-wire server of the local
 * stack, and changing a TTL later needs collMod; a delete by time works on both and follows the setting at once.
 */
@Component
final class AuditRetention implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);

    private final AuditLog audit;
    private final AuditProperties settings;
    private final Clock clock;
    private ScheduledExecutorService timer;

    AuditRetention(AuditLog audit, AuditProperties settings, Clock clock) {
        this.audit = audit;
        this.settings = settings;
        this.clock = clock;
    }

    /** Deletes what is older than the retention; returns how many entries went. */
    long prune() {
        long deleted = audit.deleteOlderThan(clock.instant().minus(settings.retention()));
        if (deleted > 0) log.info("audit: deleted {} entries older than {}", deleted, settings.retention());
        return deleted;
    }

    private void pruneQuietly() {
        try {
            prune();
        } catch (RuntimeException e) { // MongoDB away: the next round tries again
            log.warn("audit: pruning failed, tried again in {}: {}", settings.pruneEvery(), e.getMessage());
        }
    }

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "audit-retention");
            thread.setDaemon(true);
            return thread;
        });
        long every = settings.pruneEvery().toMillis();
        timer.scheduleWithFixedDelay(this::pruneQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (timer != null) timer.shutdownNow();
        timer = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
