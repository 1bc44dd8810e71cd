package io.polyphon.gateway.edge;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * What the public edge lets in at once (defaults in gateway-service.yml), so slow or greedy clients cannot starve
 * the others.
 *
 * @param maxConcurrentBodies       requests with a body (uploads, job and edit bodies) read at once, all keys
 *                                  together; past it a request with a body is answered 503 at once
 * @param maxConcurrentBodiesPerKey requests with a body read at once for one key; past it 429 at once
 * @param maxJsonBytes              largest JSON body the API reads (a job or an edit is a few kB)
 * @param jobsPerMinute             jobs one key may create per minute, on average (per gateway instance)
 * @param jobBurst                  jobs one key may create in a burst before the per-minute rate applies
 * @param maxMessageBytes           largest command the gateway puts on the broker (a job's plan carries its
 *                                  piece); keep it under the producer's and the broker's message limits
 * @param maxTracks                 most tracks a piece may have after an edit or with a job's new tracks (the
 *                                  upload limit, what the model is asked to take)
 * @param retryAfter                what a 429 or 503 for lack of room tells the client to wait
 */
@ConfigurationProperties("polyphon.gateway.edge")
@Validated
public record EdgeProperties(@Min(1) int maxConcurrentBodies, @Min(1) int maxConcurrentBodiesPerKey,
                             @Min(1024) int maxJsonBytes, @Min(1) int jobsPerMinute, @Min(1) int jobBurst,
                             @Min(1024) int maxMessageBytes, @Min(1) int maxTracks, @NotNull Duration retryAfter) {

    /** {@link #retryAfter} in whole seconds, at least one, as the {@code Retry-After} header takes it. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
