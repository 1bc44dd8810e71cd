package io.polyphon.worker.engine;

/**
 * Where the model runs. {@code CUDA} uses ONNX Runtime's CUDA execution provider (the {@code gpu} Maven profile
 * brings {@code onnxruntime_gpu}); where it cannot start, the engine falls back to the CPU with a warning unless
 * {@code requireGpu} is set.
 */
public record Device(Kind kind, boolean requireGpu, int threads) {

    public enum Kind { CPU, CUDA }

    public static final Device CPU = new Device(Kind.CPU, false, 0);

    public static Device named(String name, boolean requireGpu) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "cpu" -> new Device(Kind.CPU, false, 0);
            case "cuda", "gpu" -> new Device(Kind.CUDA, requireGpu, 0);
            default -> throw new IllegalArgumentException("unknown device '" + name + "' (expected cpu or cuda)");
        };
    }
}
