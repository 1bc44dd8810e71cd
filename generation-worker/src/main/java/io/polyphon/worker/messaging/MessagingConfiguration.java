package io.polyphon.worker.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.polyphon.contract.CancelJob;
import io.polyphon.contract.GenerateShard;
import io.polyphon.contract.Lane;
import io.polyphon.worker.WorkerProperties;
import io.polyphon.worker.engine.GenerationEngine;
import io.polyphon.worker.shard.CancelledJobs;
import io.polyphon.worker.shard.ShardGenerator;
import io.polyphon.worker.shard.ShardMeters;
import io.polyphon.worker.shard.ShardProgress;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * All Kafka wiring of the worker (topology in generation-worker.yml): {@code shards.interactive → generateInteractive}
 * and {@code shards.bulk → generateBulk}, each publishing to {@code shards.generated} keyed by job id (and, while a
 * batch runs, its step progress to {@code shards.progress}, fire-and-forget), and {@code jobs.control → cancelJobs}. A lane has a binding (a consumer thread) of its own, so the shard generator can
 * put interactive work first. The consumers return only after every sample of the shard is acknowledged by the
 * broker (a synchronous producer), and only then does the binder commit the shard's offset.
 */
@Configuration(proxyBeanMethods = false)
class MessagingConfiguration {

    /** The output binding the samples go out on (declared in generation-worker.yml, destination shards.generated). */
    static final String SAMPLES = "samples";
    /** The output binding step progress goes out on (generation-worker.yml, destination shards.progress). */
    static final String PROGRESS = "progress";
    /** Progress reports waiting for the broker at most; older ones are dropped first. */
    private static final int PROGRESS_QUEUE = 64;

    @Bean
    Consumer<GenerateShard> generateInteractive(ShardGenerator generator) {
        return shard -> generator.generate(Lane.INTERACTIVE, shard);
    }

    @Bean
    Consumer<GenerateShard> generateBulk(ShardGenerator generator) {
        return shard -> generator.generate(Lane.BULK, shard);
    }

    @Bean
    Consumer<CancelJob> cancelJobs(CancelledJobs cancelled) {
        return cancelled::cancel;
    }

    @Bean
    ShardGenerator shardGenerator(GenerationEngine engine, WorkerProperties properties, CancelledJobs cancelled,
                                  StreamBridge bridge, Clock clock, ShardProgress progress, MeterRegistry registry) {
        return new ShardGenerator(engine, cancelled,
                sample -> bridge.send(SAMPLES, keyed(sample.jobId(), sample)), clock, progress, new ShardMeters(registry));
    }

    @Bean(destroyMethod = "close")
    ShardProgress shardProgress(WorkerProperties properties, StreamBridge bridge, Clock clock) {
        return ShardProgress.onOwnThread(report -> bridge.send(PROGRESS, keyed(report.jobId(), report)),
                properties.progressInterval(), clock, PROGRESS_QUEUE);
    }

    @Bean
    CancelledJobs cancelledJobs(WorkerProperties properties, Clock clock) {
        return new CancelledJobs(properties.cancelRetention(), properties.cancelCapacity(), clock);
    }

    private static <T> Message<T> keyed(String jobId, T payload) {
        return MessageBuilder.withPayload(payload).setHeader(KafkaHeaders.KEY, jobId.getBytes(StandardCharsets.UTF_8))
                .build();
    }
}
