package io.polyphon.midi.messaging;

import io.polyphon.contract.PlanJob;
import io.polyphon.contract.SampleGenerated;
import io.polyphon.contract.SampleRendered;
import io.polyphon.midi.MidiProperties;
import io.polyphon.midi.plan.JobPlanning;
import io.polyphon.midi.plan.ShardPlanner;
import io.polyphon.midi.render.SampleRendering;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import java.time.Clock;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * All Kafka wiring of the MIDI service (topology in midi-service.yml):
 * {@code jobs.requested → planShards → shards.interactive | shards.bulk (+ jobs.progress)} and
 * {@code shards.generated → renderSamples → samples.rendered}. Every message is keyed by its job id.
 */
@Configuration(proxyBeanMethods = false)
class MessagingConfiguration {

    @Bean
    Consumer<PlanJob> planShards(JobPlanning planning) {
        return planning::plan;
    }

    @Bean
    Function<SampleGenerated, Message<SampleRendered>> renderSamples(SampleRendering rendering) {
        return sample -> keyed(sample.jobId(), rendering.render(sample));
    }

    @Bean
    JobPlanning jobPlanning(MidiProperties properties, StreamBridge bridge, Clock clock) {
        ShardPlanner planner = new ShardPlanner(properties.shardSize(), properties.interactiveMax(), clock);
        return new JobPlanning(planner, (topic, key, message) -> bridge.send(topic, keyed(key, message)), clock);
    }

    @Bean
    SampleRendering sampleRendering(Clock clock) {
        return new SampleRendering(clock);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    private static <T> Message<T> keyed(String jobId, T payload) {
        return MessageBuilder.withPayload(payload).setHeader(KafkaHeaders.KEY, jobId.getBytes()).build();
    }
}
