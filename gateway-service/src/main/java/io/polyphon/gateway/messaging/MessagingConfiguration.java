package io.polyphon.gateway.messaging;

import io.polyphon.contract.CancelJob;
import io.polyphon.contract.JobEvent;
import io.polyphon.contract.Message;
import io.polyphon.contract.PlanJob;
import io.polyphon.gateway.job.JobCommands;
import io.polyphon.gateway.progress.JobEventStreams;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.support.MessageBuilder;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * All Kafka wiring of the gateway (topology in gateway-service.yml): {@code JobCommands → jobs.requested} (plans)
 * and {@code jobs.control} (cancels), keyed by job id; {@code jobs.progress → jobProgress → event streams}.
 */
@Configuration(proxyBeanMethods = false)
class MessagingConfiguration {

    @Bean
    Consumer<JobEvent> jobProgress(JobEventStreams streams) {
        return streams::publish;
    }

    @Bean
    JobCommands jobCommands(StreamBridge bridge) {
        return new JobCommands() {
            @Override
            public void plan(PlanJob command) {
                send(bridge, "plans", command);
            }

            @Override
            public void cancel(CancelJob command) {
                send(bridge, "cancels", command);
            }
        };
    }

    private static void send(StreamBridge bridge, String binding, Message command) {
        boolean sent = bridge.send(binding, MessageBuilder.withPayload(command)
                .setHeader(KafkaHeaders.KEY, command.jobId().getBytes(StandardCharsets.UTF_8)).build());
        if (!sent) throw new IllegalStateException("the broker did not take the " + binding + " command of job " + command.jobId());
    }
}
