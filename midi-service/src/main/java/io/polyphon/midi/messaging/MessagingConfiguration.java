package io.polyphon.midi.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.polyphon.contract.GenerateShard;
import io.polyphon.contract.Lane;
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
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * All Kafka wiring of the MIDI service (topology in midi-service.yml):
 * {@code jobs.requested → planShards → shards.interactive | shards.bulk (+ jobs.planned, the verdict, for storage)} and
 * {@code shards.generated → renderSamples → samples.rendered}. Every message is keyed by its job id.
 */
@Configuration(proxyBeanMethods = false)
class MessagingConfiguration {

    @Bean
    Consumer<PlanJob> planShards(JobPlanning planning) {
        return planning::plan;
    }

    @Bean
    Function<SampleGenerated, Message<SampleRendered>> renderSamples(SampleRendering rendering, MeterRegistry registry) {
        Timer renderTime = Timer.builder("polyphon.midi.render").description("Time to render a generated piece as MIDI")
                .publishPercentileHistogram().register(registry);
        return sample -> keyed(sample.jobId(), renderTime.record(() -> rendering.render(sample)));
    }

    @Bean
    JobPlanning jobPlanning(MidiProperties properties, StreamBridge bridge, Clock clock, MeterRegistry registry) {
        ShardPlanner planner = new ShardPlanner(properties.shardSize(), properties.interactiveMax(), clock);
        return new JobPlanning(planner, (topic, key, message) -> {
            bridge.send(topic, keyed(key, message));
            if (message instanceof GenerateShard) shardsPlanned(registry, topic).increment();
        }, clock);
    }

    /** Shards sent to a lane's topic: {@code polyphon_midi_shards_planned_total{lane}}. */
    private static Counter shardsPlanned(MeterRegistry registry, String topic) {
        String lane = Arrays.stream(Lane.values()).filter(l -> l.topic().equals(topic)).findFirst()
                .map(l -> l.name().toLowerCase(Locale.ROOT)).orElse(topic);
        return Counter.builder("polyphon.midi.shards.planned").description("Shards planned onto each lane")
                .tag("lane", lane).register(registry);
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
