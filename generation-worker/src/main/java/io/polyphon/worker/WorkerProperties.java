package io.polyphon.worker;

import io.polyphon.worker.engine.Device;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of the generation worker ({@code polyphon.worker.*} in generation-worker.yml).
 *
 * @param model           the exported ONNX model; the worker refuses one whose metadata does not match
 * @param device          where the model runs: {@code cpu}, or {@code cuda} (needs the gpu build)
 * @param requireGpu      fail at start-up where CUDA cannot start, instead of falling back to the CPU
 * @param batchSize       the engine's slots: most samples decoded together; a slot freed by a finished sample goes to
 *                        the next waiting one, of any shard (interactive first)
 * @param maxNewTokens    most tokens a sample may write in one step; 0 for as many as the model's context leaves
 * @param cancelRetention how long a cancelled job is remembered, counted from when it was cancelled
 * @param cancelCapacity  most cancelled jobs remembered at once; the oldest are forgotten first
 * @param progressInterval least time between two step-progress reports of one shard ({@code shards.progress})
 */
@Validated
@ConfigurationProperties("polyphon.worker")
public record WorkerProperties(@NotNull Path model, @NotNull @Pattern(regexp = "(?i)cpu|cuda|gpu") String device,
                               boolean requireGpu, @Positive int batchSize, @PositiveOrZero int maxNewTokens,
                               @NotNull Duration cancelRetention, @Positive int cancelCapacity,
                               @NotNull Duration progressInterval) {

    /** The device to load the model on. */
    public Device engineDevice() {
        return Device.named(device, requireGpu);
    }
}
