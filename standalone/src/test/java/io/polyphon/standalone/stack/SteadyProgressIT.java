package io.polyphon.standalone.stack;

import io.polyphon.contract.Messages;
import io.polyphon.standalone.client.ServerSentEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job whose samples each take several model steps shows its progress moving while the worker is still on its
 * first batch, before any sample is stored: the worker's step progress, through storage, on the job's event stream.
 */
class SteadyProgressIT {

    @TempDir
    Path data;

    @Test
    void aJobOfSeveralStepsShowsItsWorkMovingBeforeItsFirstSampleIsStored() throws Exception {
        try (LocalStack stack = LocalStack.start(data, PipelineAcceptance.model())) {
            ApiSession api = new ApiSession(stack, stack.apiKey());
            String pieceId = api.uploadSong();
            // every track of the 8-bar song regenerated one bar per step: five steps per sample, and all 8 samples
            // (one interactive shard, one batch) are stored only when the batch's last step is done
            String tracks = IntStream.rangeClosed(1, ApiSession.SONG.tracks())
                    .mapToObj(t -> "{\"track\":" + t + ",\"action\":\"regenerate\"}").collect(Collectors.joining(","));
            String jobId = api.client.createJob("{\"pieceId\":\"" + pieceId + "\",\"count\":8,\"seed\":11,"
                    + "\"barsPerStep\":1,\"tracks\":[" + tracks + "]}", null).get("id").asString();

            List<ServerSentEvent> events = api.events(jobId).get(4, TimeUnit.MINUTES);

            assertThat(events).last().extracting(ServerSentEvent::name).isEqualTo("completed");
            List<JsonNode> progress = events.stream().filter(e -> e.name().equals("progress"))
                    .map(e -> Messages.json().readTree(e.data())).toList();
            System.out.println("progress of job " + jobId + ": " + progress.stream()
                    .map(p -> p.get("done").asInt() + "/" + p.get("total").asInt() + " work " + p.get("work").asDouble())
                    .collect(Collectors.joining(", ")));
            assertThat(progress).as("a progress event before any sample is stored")
                    .anySatisfy(p -> {
                        assertThat(p.get("done").asInt()).isZero();
                        assertThat(p.get("work").asDouble()).isStrictlyBetween(0.0, 1.0);
                    });
            List<Double> work = progress.stream().map(p -> p.get("work").asDouble()).toList();
            assertThat(work).as("work on one stream never falls").isSorted();
            assertThat(work).last().isEqualTo(1.0);
        }
    }
}
