package io.polyphon.gateway.edge;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobRateLimitTest {

    /** A clock the test moves. */
    static final class Hands extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final Hands clock = new Hands();
    // 60 a minute after a burst of 3
    private final JobRateLimit limit = new JobRateLimit(
            new EdgeProperties(32, 4, 262_144, 60, 3, 1_000_000, 32, Duration.ofSeconds(1)), clock);

    @Test
    void aKeyCreatesItsBurstThenIsToldWhenTheNextJobIsDue() {
        for (int i = 0; i < 3; i++) limit.take("k");
        assertThatThrownBy(() -> limit.take("k")).isInstanceOfSatisfying(NoRoomException.class, refused -> {
            assertThat(refused.code()).isEqualTo("rate-limited");
            assertThat(refused.status().value()).isEqualTo(429);
            assertThat(refused.retryAfterSeconds()).isEqualTo(1);
        });
    }

    @Test
    void theBucketRefillsAtTheRateAndAnotherKeyHasItsOwn() {
        for (int i = 0; i < 3; i++) limit.take("k");
        limit.take("other");
        clock.now = clock.now.plusSeconds(2);
        limit.take("k");
        limit.take("k");
        assertThatThrownBy(() -> limit.take("k")).isInstanceOf(NoRoomException.class);
    }
}
