package io.polyphon.midi.messaging;

import io.polyphon.contract.GenerateShard;
import io.polyphon.contract.JobEvent;
import io.polyphon.contract.Messages;
import io.polyphon.contract.SampleGenerated;
import io.polyphon.contract.SampleRendered;
import io.polyphon.contract.Topics;
import io.polyphon.midi.parse.MidiLimits;
import io.polyphon.midi.parse.MidiParser;
import io.polyphon.midi.Jobs;
import io.polyphon.midi.web.InternalCaller;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.stream.binder.test.EnableTestBinder;
import org.springframework.cloud.stream.binder.test.InputDestination;
import org.springframework.cloud.stream.binder.test.OutputDestination;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The bindings in a Spring context, through Spring Cloud Stream's in-memory test binder. */
@SpringBootTest(properties = {"spring.config.name=midi-service", InternalCaller.SETTING})
@EnableTestBinder
class MessagingConfigurationTest {

    @Autowired
    InputDestination input;

    @Autowired
    OutputDestination output;

    private static Message<byte[]> json(Object message) {
        return MessageBuilder.withPayload(Messages.toJson(message).getBytes(StandardCharsets.UTF_8))
                .setHeader("contentType", "application/json").build();
    }

    private static <T> T read(Message<byte[]> message, Class<T> type) {
        return Messages.fromJson(new String(message.getPayload(), StandardCharsets.UTF_8), type);
    }

    @Test
    void aRequestedJobBecomesShardsOnItsLaneAndAnAcceptedEvent() {
        input.send(json(Jobs.job(5)), Topics.JOBS_REQUESTED);
        GenerateShard shard = read(output.receive(5000, Topics.SHARDS_INTERACTIVE), GenerateShard.class);
        assertThat(shard.sampleCount()).isEqualTo(5);
        assertThat(read(output.receive(5000, Topics.JOBS_PLANNED), JobEvent.class)).isInstanceOf(JobEvent.JobAccepted.class);
    }

    @Test
    void thePlannersVerdictGoesToStorageAndNeverStraightToTheGateways() {
        input.send(json(Jobs.job(5)), Topics.JOBS_REQUESTED);
        assertThat(read(output.receive(5000, Topics.JOBS_PLANNED), JobEvent.class)).isInstanceOf(JobEvent.JobAccepted.class);
        assertThat(output.receive(500, Topics.JOBS_PROGRESS)).as("an event on jobs.progress from the planner").isNull();
    }

    @Test
    void aGeneratedSampleIsRenderedAsAMidiFileThatParses() {
        input.send(json(new SampleGenerated("job-1", 1, Jobs.CLOCK.instant(), 3, Jobs.piece(), 0.25)),
                Topics.SHARDS_GENERATED);
        SampleRendered rendered = read(output.receive(5000, Topics.SAMPLES_RENDERED), SampleRendered.class);
        assertThat(rendered.sampleIndex()).isEqualTo(3);
        assertThat(rendered.score()).isEqualTo(0.25);
        assertThat(new MidiParser(MidiLimits.DEFAULT).parse(rendered.midi())).isEqualTo(Jobs.piece());
    }
}
