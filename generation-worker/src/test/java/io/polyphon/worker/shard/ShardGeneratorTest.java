package io.polyphon.worker.shard;

import io.polyphon.contract.GenerateShard;
import io.polyphon.contract.Lane;
import io.polyphon.contract.Message;
import io.polyphon.contract.SampleGenerated;
import io.polyphon.contract.ShardProgressed;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.worker.TestShards;
import io.polyphon.worker.engine.Device;
import io.polyphon.worker.engine.GenerationEngine;
import io.polyphon.worker.engine.OnnxLanguageModel;
import io.polyphon.worker.engine.TestModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shard generator over the bundled model: what a shard publishes, under redelivery, cancellation and lanes, and
 * the step progress it reports while it runs.
 */
@Timeout(600)
class ShardGeneratorTest {

    private static OnnxLanguageModel model;
    private static final List<GenerationEngine> engines = new CopyOnWriteArrayList<>();

    private final List<SampleGenerated> published = new CopyOnWriteArrayList<>();
    private final CancelledJobs cancelled = new CancelledJobs(Duration.ofHours(1), 100, TestShards.CLOCK);

    @BeforeAll
    static void load() {
        model = OnnxLanguageModel.load(TestModels.bundled(), Device.CPU);
    }

    @AfterAll
    static void close() {
        engines.forEach(GenerationEngine::close);
        model.close();
    }

    /** A generator over an engine of {@code slots} slots. */
    private ShardGenerator generator(int slots, Consumer<SampleGenerated> publisher) {
        return generator(slots, publisher, ShardProgress.NONE);
    }

    private ShardGenerator generator(int slots, Consumer<SampleGenerated> publisher, ShardProgress progress) {
        GenerationEngine engine = new GenerationEngine(model, 0, slots, true);
        engines.add(engine);
        return new ShardGenerator(engine, cancelled, publisher, TestShards.CLOCK, progress);
    }

    @Test
    void aShardOfFiveSamplesPublishesFiveSamplesWithTheirIndexesUnderItsJob() {
        ShardOutcome outcome = generator(2, published::add).generate(Lane.INTERACTIVE, TestShards.shard("job-1", 1, 3, 5));

        assertThat(published).extracting(SampleGenerated::sampleIndex).containsExactlyInAnyOrder(3, 4, 5, 6, 7);
        assertThat(published).allSatisfy(sample -> {
            assertThat(sample.jobId()).isEqualTo("job-1");
            assertThat(sample.schemaVersion()).isEqualTo(Message.SCHEMA_VERSION);
            assertThat(sample.occurredAt()).isEqualTo(TestShards.CLOCK.instant());
            assertThat(sample.piece().tracks()).hasSize(1);
            assertThat(sample.piece().barCount()).isEqualTo(4);
        });
        assertThat(outcome).isEqualTo(new ShardOutcome("job-1", 1, 5, false));
    }

    @Test
    void aRedeliveredShardPublishesTheSamePiecesWhateverTheSlotCount() {
        GenerateShard shard = TestShards.shard("job-1", 0, 0, 4);
        List<SampleGenerated> redelivered = new CopyOnWriteArrayList<>();

        generator(4, published::add).generate(Lane.BULK, shard);
        generator(1, redelivered::add).generate(Lane.BULK, shard);

        assertThat(pieces(redelivered)).containsExactlyElementsOf(pieces(published));
        assertThat(pieces(published).stream().distinct().count()).as("distinct samples").isGreaterThan(1);
    }

    @Test
    void aShardOfACancelledJobPublishesNothing() {
        cancelled.cancel(TestShards.cancel("job-1"));

        ShardOutcome outcome = generator(2, published::add).generate(Lane.INTERACTIVE, TestShards.shard("job-1", 0, 0, 3));

        assertThat(published).isEmpty();
        assertThat(outcome.cancelled()).isTrue();
    }

    @Test
    void aJobCancelledWhileItsShardRunsStopsAtItsNextFinishedSample() {
        ShardGenerator generator = generator(1, sample -> {
            published.add(sample);
            cancelled.cancel(TestShards.cancel(sample.jobId()));
        });

        ShardOutcome outcome = generator.generate(Lane.BULK, TestShards.shard("job-1", 0, 0, 3));

        assertThat(published).extracting(SampleGenerated::sampleIndex).containsExactly(0);
        assertThat(outcome).isEqualTo(new ShardOutcome("job-1", 0, 1, true));
    }

    @Test
    void interactiveShardsTakeTheSlotsBeforeTheRestOfARunningBulkShard() throws InterruptedException {
        Thread[] interactive = new Thread[1];
        ShardGenerator[] generator = new ShardGenerator[1];
        generator[0] = generator(1, sample -> {
            published.add(sample);
            if (sample.jobId().equals("bulk") && sample.sampleIndex() == 0) {
                // while the bulk shard holds the one slot, an interactive shard arrives on its own consumer thread
                interactive[0] = new Thread(() ->
                        generator[0].generate(Lane.INTERACTIVE, TestShards.shard("interactive", 0, 0, 2)));
                interactive[0].start();
            }
        });

        generator[0].generate(Lane.BULK, TestShards.shard("bulk", 0, 0, 8));
        interactive[0].join();

        List<String> order = published.stream().map(s -> s.jobId() + "#" + s.sampleIndex()).toList();
        // the bulk sample already in the slot when the interactive shard came may finish first; no later one does
        assertThat(order.indexOf("interactive#1")).as(order.toString()).isLessThan(order.indexOf("bulk#3"));
        assertThat(order).hasSize(10);
    }

    @Test
    void aShardOfAnUnknownSchemaVersionIsRefused() {
        GenerateShard shard = TestShards.shard("job-1", 0, 0, 1);
        GenerateShard future = new GenerateShard(shard.jobId(), 2, shard.occurredAt(), 0, 1, 0, 1, shard.piece(),
                shard.request());

        assertThatThrownBy(() -> generator(1, published::add).generate(Lane.BULK, future))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schema version 2");
        assertThat(published).isEmpty();
    }

    @Test
    void aRunningShardReportsEachFinishedSampleStepButNotItsLast() {
        List<ShardProgressed> reports = new CopyOnWriteArrayList<>();
        ShardProgress progress = new ShardProgress(reports::add, Duration.ZERO, TestShards.CLOCK, Runnable::run);

        generator(2, published::add, progress).generate(Lane.INTERACTIVE, TestShards.twoStepShard("job-1", 3, 4, 2));

        // two samples of two steps each: four sample-steps, the fourth told by the samples themselves
        assertThat(reports).extracting(ShardProgressed::stepsDone).containsExactly(1, 2, 3);
        assertThat(reports).allSatisfy(report -> assertThat(report).isEqualTo(new ShardProgressed("job-1",
                Message.SCHEMA_VERSION, TestShards.CLOCK.instant(), 3, 4, 2, report.stepsDone(), 4)));
        assertThat(published).hasSize(2);
    }

    @Test
    void aShardReportsAtMostOncePerInterval() {
        List<ShardProgressed> reports = new CopyOnWriteArrayList<>();
        // the test clock stands still: no interval ever passes after a shard's first report
        ShardProgress progress = new ShardProgress(reports::add, Duration.ofMillis(500), TestShards.CLOCK, Runnable::run);
        ShardGenerator generator = generator(1, published::add, progress);

        generator.generate(Lane.BULK, TestShards.twoStepShard("job-1", 0, 0, 3));
        generator.generate(Lane.BULK, TestShards.twoStepShard("job-1", 1, 3, 1));

        assertThat(reports).extracting(r -> r.shardIndex() + "@" + r.firstSample() + ":" + r.stepsDone() + "/" + r.stepsTotal())
                .containsExactly("0@0:1/6", "1@3:1/2");
        assertThat(published).hasSize(4);
    }

    @Test
    void aShardReportsAgainOnceTheIntervalHasPassed() {
        List<ShardProgressed> reports = new CopyOnWriteArrayList<>();
        ShardProgress progress = new ShardProgress(reports::add, Duration.ofMillis(500), new TickingClock(Duration.ofMillis(600)),
                Runnable::run);
        generator(1, published::add, progress).generate(Lane.BULK, TestShards.twoStepShard("job-1", 0, 0, 3));

        // every finished sample-step is reported, as the clock moves past the interval each time; the last one is
        // said by the sample itself
        assertThat(reports).extracting(r -> r.firstSample() + ":" + r.stepsDone() + "/" + r.stepsTotal())
                .containsExactly("0:1/6", "0:2/6", "0:3/6", "0:4/6", "0:5/6");
    }

    /** A clock that moves on by {@code step} each time it is read. */
    private static final class TickingClock extends Clock {

        private final Duration step;
        private Instant now = TestShards.CLOCK.instant();

        TickingClock(Duration step) {
            this.step = step;
        }

        @Override
        public synchronized Instant instant() {
            now = now.plus(step);
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @Test
    void aProgressPublisherThatFailsNeitherFailsNorStopsTheShard() {
        ShardProgress failing = new ShardProgress(report -> {
            throw new IllegalStateException("the broker is away");
        }, Duration.ZERO, TestShards.CLOCK, Runnable::run);

        ShardOutcome outcome = generator(2, published::add, failing)
                .generate(Lane.INTERACTIVE, TestShards.twoStepShard("job-1", 0, 0, 2));

        assertThat(outcome).isEqualTo(new ShardOutcome("job-1", 0, 2, false));
        assertThat(published).extracting(SampleGenerated::sampleIndex).containsExactlyInAnyOrder(0, 1);
    }

    @Test
    @Timeout(60)
    void aProgressPublisherThatHangsDoesNotHoldTheShardUp() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        List<ShardProgressed> reports = new CopyOnWriteArrayList<>();
        try (ShardProgress hanging = ShardProgress.onOwnThread(report -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reports.add(report);
        }, Duration.ZERO, TestShards.CLOCK, 1)) {
            // returns while the first report is still stuck in the publisher (were the shard waiting on it, this
            // call would never return and the test would time out)
            ShardOutcome outcome = generator(2, published::add, hanging)
                    .generate(Lane.INTERACTIVE, TestShards.twoStepShard("job-1", 0, 0, 2));

            assertThat(outcome.published()).isEqualTo(2);
            assertThat(reports).isEmpty();
            release.countDown();
        }
    }

    /** Pieces in sample order (slots finish them in any order); they compare as values, note for note. */
    private static List<Piece> pieces(List<SampleGenerated> samples) {
        return samples.stream().sorted(java.util.Comparator.comparingInt(SampleGenerated::sampleIndex))
                .map(SampleGenerated::piece).toList();
    }
}
