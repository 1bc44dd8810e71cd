package io.polyphon.worker.shard;

import io.polyphon.contract.GenerateShard;
import io.polyphon.contract.Lane;
import io.polyphon.contract.Message;
import io.polyphon.contract.SampleGenerated;
import io.polyphon.worker.engine.GeneratedSample;
import io.polyphon.worker.engine.Generation;
import io.polyphon.worker.engine.GenerationEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.function.Consumer;

/**
 * Runs shard commands: hands every sample of a shard ({@code firstSample .. firstSample + sampleCount - 1}) to the
 * engine's slots and publishes each one as soon as it is finished. Every sample is published before {@link #generate}
 * returns, and the caller acknowledges the shard only then, so a worker that dies mid-shard leaves it for another;
 * sample seeds come from (job seed, sample index), so that redo publishes the same pieces.
 *
 * <p>Shards of both lanes share the engine: interactive samples take free slots first, and a bulk shard's slots go to
 * the next shard's samples as its own run out. How far a shard's steps are goes out to {@link ShardProgress}, which
 * never holds the shard up. A shard of a cancelled job is dropped before it starts, and a running one stops at its
 * next finished sample.
 */
public final class ShardGenerator {

    private static final Logger log = LoggerFactory.getLogger(ShardGenerator.class);

    private final GenerationEngine engine;
    private final CancelledJobs cancelled;
    private final Consumer<SampleGenerated> publisher;
    private final Clock clock;
    private final ShardProgress progress;
    private final ShardMeters meters;

    /**
     * @param publisher sends one sample on and returns only once it is stored by the broker; a failure throws, and
     *                  the shard is then retried
     */
    public ShardGenerator(GenerationEngine engine, CancelledJobs cancelled, Consumer<SampleGenerated> publisher,
                          Clock clock) {
        this(engine, cancelled, publisher, clock, ShardProgress.NONE);
    }

    /** @param progress where the shard's step progress goes, throttled and fire-and-forget */
    public ShardGenerator(GenerationEngine engine, CancelledJobs cancelled, Consumer<SampleGenerated> publisher,
                          Clock clock, ShardProgress progress) {
        this(engine, cancelled, publisher, clock, progress, ShardMeters.NONE);
    }

    /** @param meters where samples, tokens and shard times are counted */
    public ShardGenerator(GenerationEngine engine, CancelledJobs cancelled, Consumer<SampleGenerated> publisher,
                          Clock clock, ShardProgress progress, ShardMeters meters) {
        this.engine = engine;
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
        long start = System.nanoTime();
        Generation generation = engine.submit(shard.piece(), shard.request(), shard.firstSample(), shard.sampleCount(),
                lane == Lane.INTERACTIVE, progress.of(shard).listener());
        int published = 0;
        try {
            while (published < shard.sampleCount()) {
                GeneratedSample sample = generation.next();
                publisher.accept(new SampleGenerated(shard.jobId(), Message.SCHEMA_VERSION, clock.instant(),
                        sample.index(), sample.piece(), sample.score()));
                meters.published(lane, sample.generatedTokens());
                published++;
                if (published < shard.sampleCount() && cancelled.contains(shard.jobId())) {
                    generation.cancel();
                    return dropped(shard, published);
                }
            }
        } catch (InterruptedException e) {
            generation.cancel();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while generating shard " + shard.shardIndex() + " of job "
                    + shard.jobId(), e);
        } catch (RuntimeException e) {
            generation.cancel(); // the shard is retried whole; what it has not published yet need not run on
            throw e;
        }
        log.info("job {} shard {}/{} ({}): published samples {}..{}", shard.jobId(), shard.shardIndex() + 1,
                shard.shardCount(), lane, shard.firstSample(), shard.firstSample() + shard.sampleCount() - 1);
        meters.shard(lane, System.nanoTime() - start);
        return new ShardOutcome(shard.jobId(), shard.shardIndex(), published, false);
    }

    private static ShardOutcome dropped(GenerateShard shard, int published) {
        log.info("job {} is cancelled: shard {} stops after {} of its {} samples", shard.jobId(), shard.shardIndex(),
                published, shard.sampleCount());
        return new ShardOutcome(shard.jobId(), shard.shardIndex(), published, true);
    }
}
