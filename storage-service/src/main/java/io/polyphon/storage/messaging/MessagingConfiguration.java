package io.polyphon.storage.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.polyphon.contract.CancelJob;
import io.polyphon.contract.JobEvent;
import io.polyphon.contract.SampleRendered;
import io.polyphon.contract.ShardProgressed;
import io.polyphon.contract.Topics;
import io.polyphon.storage.job.DeadLetters;
import io.polyphon.storage.job.JobEvents;
import io.polyphon.storage.job.JobRepository;
import io.polyphon.storage.progress.JobProgress;
import io.polyphon.storage.sample.SampleRepository;
import io.polyphon.storage.sample.SampleStoring;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * All Kafka wiring of the storage service (topology in storage-service.yml):
 * {@code samples.rendered → storeSample → jobs.progress}, {@code shards.progress → recordShardProgress →
 * jobs.progress} (the workers' step progress, advisory), {@code jobs.progress → recordJobEvents} (the planner's
 * verdicts), {@code jobs.control → cancelJobs → jobs.progress} and {@code *.dlq → failDeadLetters → jobs.progress}
 * (every binding's dead-letter topic fails the message's job). {@link BindingMeters} counts what each binding did.
 */
@Configuration(proxyBeanMethods = false)
class MessagingConfiguration {

    @Bean
    Consumer<SampleRendered> storeSample(SampleStoring storing, BindingMeters meters) {
        return sample -> meters.store(() -> storing.store(sample));
    }

    @Bean
    Consumer<ShardProgressed> recordShardProgress(JobProgress progress) {
        return progress::shardProgressed;
    }

    @Bean
    Consumer<JobEvent> recordJobEvents(JobEvents events, BindingMeters meters) {
        return event -> meters.run("recordJobEvents", () -> events.record(event));
    }

    @Bean
    Consumer<CancelJob> cancelJobs(JobEvents events, BindingMeters meters) {
        return command -> meters.run("cancelJobs", () -> events.cancel(command));
    }

    @Bean
    Consumer<Message<byte[]>> failDeadLetters(DeadLetters deadLetters, BindingMeters meters) {
        return message -> {
            String topic = header(message, KafkaHeaders.RECEIVED_TOPIC);
            meters.deadLetter(topic);
            meters.run("failDeadLetters", () -> deadLetters.fail(topic, message.getPayload(),
                    header(message, KafkaHeaders.RECEIVED_KEY), exceptionMessage(message)));
        };
    }

    @Bean
    BindingMeters bindingMeters(MeterRegistry registry, ObjectProvider<ObservationRegistry> observations,
                                @Value("${spring.cloud.stream.bindings.failDeadLetters-in-0.destination:}") String deadLetters) {
        return new BindingMeters(registry, observations.getIfAvailable(() -> ObservationRegistry.NOOP),
                List.of("storeSample", "recordJobEvents", "cancelJobs", "failDeadLetters"),
                Arrays.stream(deadLetters.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList());
    }

    @Bean
    SampleStoring sampleStoring(SampleRepository samples, JobRepository jobs, JobProgress reports, StreamBridge bridge,
                                Clock clock) {
        return new SampleStoring(samples, jobs, progress(bridge), reports, clock);
    }

    @Bean
    JobProgress jobProgress(JobRepository jobs, SampleRepository samples, StreamBridge bridge, Clock clock) {
        return new JobProgress(jobs, samples, progress(bridge), clock);
    }

    @Bean
    JobEvents jobEvents(JobRepository jobs, StreamBridge bridge, Clock clock) {
        return new JobEvents(jobs, progress(bridge), clock);
    }

    @Bean
    DeadLetters deadLetters(JobRepository jobs, StreamBridge bridge, Clock clock) {
        return new DeadLetters(jobs, progress(bridge), clock);
    }

    /**
     * Why the message failed, as its publisher recorded it: the Kafka binder's {@code x-exception-message}, or the
     * header of Spring Kafka's own dead-letter recoverer for a producer that uses that instead.
     */
    private static String exceptionMessage(Message<?> message) {
        String binder = header(message, "x-exception-message");
        return binder != null ? binder : header(message, KafkaHeaders.DLT_EXCEPTION_MESSAGE);
    }

    /** A header as text: Kafka headers arrive as bytes unless a mapper already turned them into text. */
    private static String header(Message<?> message, String name) {
        Object value = message.getHeaders().get(name);
        if (value == null) return null;
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : value.toString();
    }

    private static Consumer<JobEvent> progress(StreamBridge bridge) {
        return event -> bridge.send(Topics.JOBS_PROGRESS, MessageBuilder.withPayload(event)
                .setHeader(KafkaHeaders.KEY, event.jobId().getBytes()).build());
    }
}
