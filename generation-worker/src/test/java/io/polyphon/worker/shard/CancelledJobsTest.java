package io.polyphon.worker.shard;

import io.polyphon.contract.CancelJob;
import io.polyphon.contract.Message;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** Cancelled jobs are remembered for a bounded time and number. */
class CancelledJobsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T22:00:00Z");

    private final MovableClock clock = new MovableClock(NOW);
    private final CancelledJobs cancelled = new CancelledJobs(Duration.ofHours(1), 3, clock);

    @Test
    void aCancelledJobIsRememberedAndOthersAreNot() {
        cancelled.cancel(cancel("job-1", NOW));
        assertThat(cancelled.contains("job-1")).isTrue();
        assertThat(cancelled.contains("job-2")).isFalse();
    }

    @Test
    void aCancellationIsForgottenOnceTheRetentionHasPassed() {
        cancelled.cancel(cancel("job-1", NOW));
        clock.now = NOW.plus(Duration.ofMinutes(61));
        assertThat(cancelled.contains("job-1")).isFalse();
        assertThat(cancelled.size()).isZero();
    }

    @Test
    void aCancellationOlderThanTheRetentionIsNotRecordedWhenTheTopicIsReplayed() {
        cancelled.cancel(cancel("job-1", NOW.minus(Duration.ofHours(2))));
        assertThat(cancelled.contains("job-1")).isFalse();
    }

    @Test
    void beyondTheCapacityTheOldestCancellationIsForgottenFirst() {
        for (int i = 1; i <= 4; i++) cancelled.cancel(cancel("job-" + i, NOW));
        assertThat(cancelled.size()).isEqualTo(3);
        assertThat(cancelled.contains("job-1")).isFalse();
        assertThat(cancelled.contains("job-4")).isTrue();
    }

    private static CancelJob cancel(String jobId, Instant at) {
        return new CancelJob(jobId, Message.SCHEMA_VERSION, at, "test");
    }

    /** A clock a test moves by hand. */
    private static final class MovableClock extends Clock {
        Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
