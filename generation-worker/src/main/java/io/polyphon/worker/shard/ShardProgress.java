package io.polyphon.worker.shard;

import io.polyphon.contract.GenerateShard;
import io.polyphon.contract.Message;
import io.polyphon.contract.ShardProgressed;
import io.polyphon.worker.engine.GenerationListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Tells how far a running shard is ({@link ShardProgressed}), throttled to one report per {@code interval} per shard
 * and never after its last step (its samples say that). Fire-and-forget: reports leave on a thread
 * of their own through a short queue that drops the oldest when full, and a failed one is only logged, so a slow or
 * absent broker never fails or slows a shard. Progress is no part of a shard's exactly-once result.
 */
public final class ShardProgress implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ShardProgress.class);

    /** Reports nothing. */
    public static final ShardProgress NONE = new ShardProgress(report -> { }, Duration.ZERO, Clock.systemUTC(),
            command -> { });

    private final Consumer<ShardProgressed> publisher;
    private final long intervalMillis;
    private final Clock clock;
    private final Executor sender;

    /**
     * @param publisher sends one report on; it may block or throw, on the sender, never on the engine's thread
     * @param interval  the least time between two reports of one shard
     * @param sender    where reports are sent from
     */
    public ShardProgress(Consumer<ShardProgressed> publisher, Duration interval, Clock clock, Executor sender) {
        this.publisher = publisher;
        this.intervalMillis = interval.toMillis();
        this.clock = clock;
        this.sender = sender;
    }

    /** Reports sent from one daemon thread, at most {@code queued} waiting (the oldest dropped first). */
    public static ShardProgress onOwnThread(Consumer<ShardProgressed> publisher, Duration interval, Clock clock,
                                            int queued) {
        ThreadPoolExecutor sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queued), runnable -> {
                    Thread thread = new Thread(runnable, "shard-progress");
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.DiscardOldestPolicy());
        return new ShardProgress(publisher, interval, clock, sender);
    }

    /** The throttle of one shard: one per {@link ShardGenerator#generate} call. */
    Shard of(GenerateShard shard) {
        return new Shard(shard);
    }

    @Override
    public void close() {
        if (sender instanceof ExecutorService service) service.shutdownNow();
    }

    /** One shard's reports. */
    final class Shard {

        private final GenerateShard shard;
        private long lastSent = Long.MIN_VALUE;

        private Shard(GenerateShard shard) {
            this.shard = shard;
        }

        /** The listener of the shard's samples. */
        GenerationListener listener() {
            int first = shard.firstSample();
            int count = shard.sampleCount();
            return (done, total) -> {
                if (done >= total) return;
                long now = clock.millis();
                if (lastSent != Long.MIN_VALUE && now - lastSent < intervalMillis) return;
                lastSent = now;
                send(new ShardProgressed(shard.jobId(), Message.SCHEMA_VERSION, clock.instant(), shard.shardIndex(),
                        first, count, done, total));
            };
        }

        private void send(ShardProgressed report) {
            try {
                sender.execute(() -> {
                    try {
                        publisher.accept(report);
                    } catch (RuntimeException e) {
                        log.debug("a progress report of job {} was lost", report.jobId(), e);
                    }
                });
            } catch (RejectedExecutionException shuttingDown) {
                log.debug("a progress report of job {} was dropped: the worker is stopping", report.jobId());
            }
        }
    }
}
