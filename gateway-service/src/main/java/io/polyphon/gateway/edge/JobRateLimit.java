package io.polyphon.gateway.edge;

import org.springframework.http.HttpStatus;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How fast one key may create jobs: a token bucket per key ({@code jobBurst} tokens, refilled at
 * {@code jobsPerMinute}), on this gateway instance. A create past it is refused with 429 {@code rate-limited} and
 * a {@code Retry-After} of when the next token is due. The buckets of the keys seen least recently are forgotten
 * past a bound (a forgotten key starts with a full bucket again, which is the lenient side).
 */
public final class JobRateLimit {

    private static final int KEYS_REMEMBERED = 100_000;

    private final double capacity;
    private final double perMilli;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > KEYS_REMEMBERED;
        }
    };

    public JobRateLimit(EdgeProperties properties, Clock clock) {
        this.capacity = properties.jobBurst();
        this.perMilli = properties.jobsPerMinute() / 60_000.0;
        this.clock = clock;
    }

    private static final class Bucket {
        double tokens;
        long at;
    }

    /** Takes one job's token for {@code keyId}, or refuses the create. */
    public void take(String keyId) {
        long now = clock.millis();
        long waitMillis;
        synchronized (buckets) {
            Bucket bucket = buckets.computeIfAbsent(keyId, id -> {
                Bucket full = new Bucket();
                full.tokens = capacity;
                full.at = now;
                return full;
            });
            bucket.tokens = Math.min(capacity, bucket.tokens + Math.max(0, now - bucket.at) * perMilli);
            bucket.at = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return;
            }
            waitMillis = (long) Math.ceil((1 - bucket.tokens) / perMilli);
        }
        throw new NoRoomException(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "This key is creating jobs faster "
                + "than " + (int) Math.round(perMilli * 60_000) + " a minute; wait before creating the next one.",
                Math.max(1, (waitMillis + 999) / 1000));
    }
}
