package io.polyphon.worker.shard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.polyphon.contract.Lane;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the worker counts of its shards, by lane: samples and tokens generated, and shard duration.
 */
public final class ShardMeters {

    /** Meters that go nowhere, for a generator outside a service. */
    public static final ShardMeters NONE = new ShardMeters(new CompositeMeterRegistry());

    private final Map<Lane, Counter> samples = new EnumMap<>(Lane.class);
    private final Map<Lane, Counter> tokens = new EnumMap<>(Lane.class);
    private final Map<Lane, Timer> shards = new EnumMap<>(Lane.class);

    public ShardMeters(MeterRegistry registry) {
        for (Lane lane : Lane.values()) {
            String name = lane.name().toLowerCase(Locale.ROOT);
            samples.put(lane, Counter.builder("polyphon.worker.samples.generated")
                    .description("Samples generated and published").tag("lane", name).register(registry));
            tokens.put(lane, Counter.builder("polyphon.worker.tokens.generated")
                    .description("Tokens the model wrote, over all steps of the published samples").tag("lane", name)
                    .register(registry));
            shards.put(lane, Timer.builder("polyphon.worker.shard.duration")
                    .description("From a shard's start at the engine to its last published sample").tag("lane", name)
                    .publishPercentileHistogram().maximumExpectedValue(Duration.ofHours(1)).register(registry));
        }
    }

    void published(Lane lane, int generatedTokens) {
        samples.get(lane).increment();
        tokens.get(lane).increment(generatedTokens);
    }

    void shard(Lane lane, long nanos) {
        shards.get(lane).record(Duration.ofNanos(nanos));
    }
}
