package io.polyphon.storage.messaging;

import io.polyphon.contract.CancelJob;
import io.polyphon.contract.JobEvent;
import io.polyphon.contract.SampleRendered;
import io.polyphon.contract.Topics;
import io.polyphon.storage.job.JobEvents;
import io.polyphon.storage.job.JobRepository;
import io.polyphon.storage.sample.SampleRepository;
import io.polyphon.storage.sample.SampleStoring;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.support.MessageBuilder;

import java.time.Clock;
import java.util.function.Consumer;

/**
 * All Kafka wiring of the storage service (topology in storage-service.yml):
 * {@code samples.rendered → storeSample → jobs.progress}, {@code jobs.progress → recordJobEvents} (the planner's
 * verdicts) and {@code jobs.control → cancelJobs → jobs.progress}.
 */
@Configuration(proxyBeanMethods = false)
class MessagingConfiguration {

    @Bean
    Consumer<SampleRendered> storeSample(SampleStoring storing) {
        return storing::store;
    }

    @Bean
    Consumer<JobEvent> recordJobEvents(JobEvents events) {
        return events::record;
    }

    @Bean
    Consumer<CancelJob> cancelJobs(JobEvents events) {
        return events::cancel;
    }

    @Bean
    SampleStoring sampleStoring(SampleRepository samples, JobRepository jobs, StreamBridge bridge, Clock clock) {
        return new SampleStoring(samples, jobs, progress(bridge), clock);
    }

    @Bean
    JobEvents jobEvents(JobRepository jobs, StreamBridge bridge, Clock clock) {
        return new JobEvents(jobs, progress(bridge), clock);
    }

    private static Consumer<JobEvent> progress(StreamBridge bridge) {
        return event -> bridge.send(Topics.JOBS_PROGRESS, MessageBuilder.withPayload(event)
                .setHeader(KafkaHeaders.KEY, event.jobId().getBytes()).build());
    }
}
