package io.polyphon.standalone.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Stopping the local stack and starting it again on the same data folder keeps the key, pieces, jobs and samples. */
class StackRestartIT {

    @TempDir
    Path data;

    @Test
    void aRestartedStackStillHasTheKeyPiecesJobsAndSamplesAndTakesNewJobs() throws Exception {
        String key;
        String pieceId;
        String jobId;
        JsonNode piece;
        Map<String, byte[]> zip;
        try (LocalStack stack = LocalStack.start(data, PipelineAcceptance.model())) {
            assertThat(stack.keyCreated()).isTrue();
            key = stack.apiKey();
            ApiSession api = new ApiSession(stack, key);
            pieceId = api.uploadSong();
            jobId = api.infill(pieceId, 5, 3);
            api.awaitState(jobId, "COMPLETED");
            piece = api.client.get("/v1/pieces/" + pieceId);
            zip = api.zip(jobId);
        }

        try (LocalStack stack = LocalStack.start(data, PipelineAcceptance.model())) {
            assertThat(stack.keyCreated()).isFalse();
            assertThat(stack.apiKey()).isEqualTo(key);
            ApiSession api = new ApiSession(stack, key);
            assertThat(api.client.get("/v1/pieces/" + pieceId)).isEqualTo(piece);
            assertThat(api.job(jobId).get("state").asString()).isEqualTo("COMPLETED");
            Map<String, byte[]> again = api.zip(jobId);
            assertThat(again.keySet()).containsExactlyElementsOf(zip.keySet());
            zip.forEach((name, midi) -> assertThat(again.get(name)).as(name).isEqualTo(midi));

            String next = api.infill(pieceId, 3, 4);
            api.awaitState(next, "COMPLETED");
            assertThat(api.client.get("/v1/jobs").get("total").asLong()).isEqualTo(2);
        }
    }
}
