package io.polyphon.worker.shard;

import io.polyphon.contract.GenerateShard;
import io.polyphon.contract.Lane;
import io.polyphon.contract.Message;
import io.polyphon.contract.SampleGenerated;
import io.polyphon.worker.engine.GeneratedSample;
import io.polyphon.worker.engine.GenerationEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.function.Consumer;

/**
 * Runs shard commands: generates samples {@code firstSample .. firstSample + sampleCount - 1} in batches and hands
 * each finished one to the publisher before the next batch starts. Every sample is published before
 * {@link #generate} returns, and the caller acknowledges the shard only then, so a worker that dies mid-shard leaves
 * it for another; sample seeds come from (job seed, sample index), so that redo publishes the same pieces.
 *
 * <p>While a batch runs, how far its steps are goes out to {@link ShardProgress}, which never holds the batch up.
 *
 * <p>A shard of a cancelled job is dropped before it starts, and a running one stops between batches. Shards from
 * both lanes pass one {@link LaneGate}, which runs interactive work before bulk.
 */
public final class ShardGenerator {

    private static final Logger log = LoggerFactory.getLogger(ShardGenerator.class);

    private final GenerationEngine engine;
    private final int batchSize;
    private final CancelledJobs cancelled;
    private final Consumer<SampleGenerated> publisher;
    private final Clock clock;
    private final ShardProgress progress;
    private final ShardMeters meters;
    private final LaneGate gate = new LaneGate();

    /**
     * @param publisher sends one sample on and returns only once it is stored by the broker; a failure throws, and
     *                  the shard is then retried
     */
    public ShardGenerator(GenerationEngine engine, int batchSize, CancelledJobs cancelled,
                          Consumer<SampleGenerated> publisher, Clock clock) {
        this(engine, batchSize, cancelled, publisher, clock, ShardProgress.NONE);
    }

    /** @param progress where the running batch's step progress goes, throttled and fire-and-forget */
    public ShardGenerator(GenerationEngine engine, int batchSize, CancelledJobs cancelled,
                          Consumer<SampleGenerated> publisher, Clock clock, ShardProgress progress) {
        this(engine, batchSize, cancelled, publisher, clock, progress, ShardMeters.NONE);
    }

    /** @param meters where samples, tokens, batches and shard times are counted */
    public ShardGenerator(GenerationEngine engine, int batchSize, CancelledJobs cancelled,
                          Consumer<SampleGenerated> publisher, Clock clock, ShardProgress progress, ShardMeters meters) {
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be positive, not " + batchSize);
        this.engine = engine;
        this.batchSize = batchSize;
        this.cancelled = cancelled;
        this.publisher = publisher;
        this.clock = clock;
        this.progress = progress;
        this.meters = meters;
    }

    /** Generates and publishes every sample of {@code shard}, which arrived on {@code lane}. */
    public ShardOutcome generate(Lane lane, GenerateShard shard) {
        if (shard.schemaVersion() != Message.SCHEMA_VERSION) {
            throw new IllegalArgumentException("shard of job " + shard.jobId() + " has schema version "
                    + shard.schemaVersion() + "; this worker reads version " + Message.SCHEMA_VERSION);
        }
        if (cancelled.contains(shard.jobId())) return dropped(shard, 0);
        gate.enter(lane);
        long start = System.nanoTime();
        try {
            int end = shard.firstSample() + shard.sampleCount();
            int published = 0;
            ShardProgress.Shard reports = progress.of(shard);
            for (int first = shard.firstSample(); first < end; first += batchSize) {
                if (lane == Lane.BULK) gate.yieldToInteractive();
                if (cancelled.contains(shard.jobId())) return dropped(shard, published);
                int count = Math.min(batchSize, end - first);
                meters.batch(count);
                for (GeneratedSample sample : engine.generate(shard.piece(), shard.request(), first, count,
                        reports.batch(first, count))) {
                    publisher.accept(new SampleGenerated(shard.jobId(), Message.SCHEMA_VERSION, clock.instant(),
                            sample.index(), sample.piece(), sample.score()));
                    meters.published(lane, sample.generatedTokens());
                    published++;
                }
            }
            log.info("job {} shard {}/{} ({}): published samples {}..{}", shard.jobId(), shard.shardIndex() + 1,
                    shard.shardCount(), lane, shard.firstSample(), end - 1);
            meters.shard(lane, System.nanoTime() - start);
            return new ShardOutcome(shard.jobId(), shard.shardIndex(), published, false);
        } finally {
            gate.leave();
        }
    }

    /** Shards of {@code lane} waiting for the engine now. */
    int waiting(Lane lane) {
        return gate.waiting(lane);
    }

    private static ShardOutcome dropped(GenerateShard shard, int published) {
        log.info("job {} is cancelled: shard {} stops after {} of its {} samples", shard.jobId(), shard.shardIndex(),
                published, shard.sampleCount());
        return new ShardOutcome(shard.jobId(), shard.shardIndex(), published, true);
    }
}
