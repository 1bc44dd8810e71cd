package io.polyphon.worker.engine;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.polyphon.mmm.vocab.Vocabulary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One MMM model in ONNX Runtime: the graph model/export_onnx.py writes ({@code polyphon.graph} {@value #GRAPH}), which
 * serves prefill and every decode step over keys and values the engine keeps in its own buffers ({@link KvBuffers})
 * and returns only the new tokens' keys and values. Checks the model's metadata at load and refuses what it cannot
 * serve.
 */
public final class OnnxLanguageModel implements AutoCloseable {

    /** The input and output layout this engine runs (see model/export_onnx.py). */
    public static final String GRAPH = "in-place-cache-1";

    private static final Logger log = LoggerFactory.getLogger(OnnxLanguageModel.class);

    private final OrtEnvironment env;
    private final OrtSession session;
    private final ModelMetadata metadata;
    private final Vocabulary vocabulary;
    private final String device;
    private volatile RunListener runs = RunListener.NONE;

    /** Hears every run of the graph, for the worker's meters. */
    @FunctionalInterface
    public interface RunListener {

        /**
         * @param prefill    true for a run over a prompt, false for one decode step
         * @param batch      rows in the run
         * @param nanos      how long ONNX Runtime took
         * @param cacheBytes bytes of keys and values the run reads (its rows' buffers and the prompt pool)
         */
        void ran(boolean prefill, int batch, long nanos, long cacheBytes);

        RunListener NONE = (prefill, batch, nanos, cacheBytes) -> { };
    }

    private OnnxLanguageModel(OrtEnvironment env, OrtSession session, ModelMetadata metadata, String device) {
        this.env = env;
        this.session = session;
        this.metadata = metadata;
        this.vocabulary = Vocabulary.of(metadata.idLayout());
        this.device = device;
    }

    public static OnnxLanguageModel load(Path file, Device device) {
        if (!Files.isRegularFile(file)) throw new ModelRejectedException("there is no model file " + file);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        String where = "cpu";
        try {
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(device.threads() > 0 ? device.threads() : Runtime.getRuntime().availableProcessors());
            // ONNX Runtime's own profile (every node's time per run, as Chrome trace JSON), for finding where a step
            // goes; written when the model is closed
            String profile = System.getenv("POLYPHON_ORT_PROFILE");
            if (profile != null && !profile.isBlank()) options.enableProfiling(profile);
            if (device.kind() == Device.Kind.CUDA) {
                try {
                    options.addCUDA(0);
                    where = "cuda:0";
                } catch (OrtException | UnsatisfiedLinkError e) {
                    if (device.requireGpu()) throw new ModelRejectedException("CUDA cannot start here: " + e.getMessage(), e);
                    log.warn("CUDA cannot start here ({}); running the model on the CPU", e.getMessage());
                }
            }
            OrtSession session = env.createSession(file.toString(), options);
            ModelMetadata metadata = ModelMetadata.from(session.getMetadata().getCustomMetadata());
            checkGraph(session, metadata, file);
            return new OnnxLanguageModel(env, session, metadata, where);
        } catch (OrtException e) {
            throw new ModelRejectedException("ONNX Runtime cannot load " + file + ": " + e.getMessage(), e);
        }
    }

    private static void checkGraph(OrtSession session, ModelMetadata m, Path file) throws OrtException {
        String graph = session.getMetadata().getCustomMetadata().get("polyphon.graph");
        if (!GRAPH.equals(graph)) {
            throw new ModelRejectedException(file + " is a graph of layout " + (graph == null ? "'past/present' (an older "
                    + "export or a plain Hugging Face one)" : "'" + graph + "'") + "; this worker runs layout '" + GRAPH
                    + "': export it again with model/export_onnx.py --ckpt " + file.getFileName());
        }
        for (String name : new String[]{"input_ids", "position_ids", "prefix_start", "prefix_end", "cache_length", "last_token",
                "prefix_key_values.0.key", "cache_key_values." + (m.layers() - 1) + ".value"}) {
            if (!session.getInputNames().contains(name)) {
                throw new ModelRejectedException("the graph has no input " + name + " (see model/export_onnx.py)");
            }
        }
        if (session.getInputNames().contains("cache_key_values." + m.layers() + ".key")) {
            throw new ModelRejectedException("the graph has more layers than its metadata's " + m.layers());
        }
    }

    public ModelMetadata metadata() {
        return metadata;
    }

    /** Where every later run is reported; one listener at a time. */
    public void listen(RunListener listener) {
        this.runs = listener;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** Where the model runs, e.g. {@code cpu} or {@code cuda:0}. */
    public String device() {
        return device;
    }

    /**
     * For benchmarks: the median time of one decode step of {@code batch} rows over nothing cached (a pool and
     * buffers of one masked-out position), i.e. what the weights alone cost a step at this batch size: the floor of
     * every decode step, which no cache layout goes below.
     */
    public long emptyDecodeStepNanos(int batch, int runs) {
        if (batch < 1 || runs < 1) throw new IllegalArgumentException("batch and runs must be at least 1");
        long[] ids = new long[batch];
        long[] zeros = new long[batch];
        long[] took = new long[runs];
        try (KvBuffers pool = buffers(1, 1); KvBuffers cache = buffers(batch, 1)) {
            for (int i = -2; i < runs; i++) { // two runs to warm up
                long start = System.nanoTime();
                run(ids, zeros, batch, 1, zeros, zeros, zeros, zeros, pool, cache, 0);
                if (i >= 0) took[i] = System.nanoTime() - start;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed an empty decode step: " + e.getMessage(), e);
        }
        Arrays.sort(took);
        return took[runs / 2];
    }

    /** Key and value buffers of {@code rows} rows of {@code capacity} positions each, for this model. */
    KvBuffers buffers(int rows, int capacity) {
        return new KvBuffers(env, metadata, rows, capacity);
    }

    /**
     * What a run gives back: each row's logits after its last new token ({@code [batch * vocabulary]}, row after
     * row), and the new tokens' keys and values.
     */
    record Output(float[] logits, NewKeyValues fresh) {
    }

    /**
     * One run over {@code steps} new tokens in each of {@code batch} rows: rows {@code [firstRow, firstRow + batch)}
     * of {@code cache}, each seeing its own written positions, its range of the prompt pool and its new tokens.
     *
     * @param ids         [batch * steps] token ids
     * @param positions   [batch * steps] position of each new token in its row's sequence
     * @param prefixStart [batch] first pool position each row reads
     * @param prefixEnd   [batch] end of the pool range each row reads (start = end: none)
     * @param cacheLength [batch] positions each row has written in its cache buffer
     * @param lastToken   [batch] each row's last real new token, whose logits come back (right padding after it)
     */
    Output run(long[] ids, long[] positions, int batch, int steps, long[] prefixStart, long[] prefixEnd,
               long[] cacheLength, long[] lastToken, KvBuffers pool, KvBuffers cache, int firstRow)
            throws OrtException {
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids, 0, batch * steps), new long[]{batch, steps}));
            inputs.put("position_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(positions, 0, batch * steps), new long[]{batch, steps}));
            inputs.put("prefix_start", OnnxTensor.createTensor(env, LongBuffer.wrap(prefixStart, 0, batch), new long[]{batch}));
            inputs.put("prefix_end", OnnxTensor.createTensor(env, LongBuffer.wrap(prefixEnd, 0, batch), new long[]{batch}));
            inputs.put("cache_length", OnnxTensor.createTensor(env, LongBuffer.wrap(cacheLength, 0, batch), new long[]{batch}));
            inputs.put("last_token", OnnxTensor.createTensor(env, LongBuffer.wrap(lastToken, 0, batch), new long[]{batch}));
            Map<String, OnnxTensor> all = new HashMap<>(inputs);
            for (int l = 0; l < metadata.layers(); l++) {
                all.put("prefix_key_values." + l + ".key", pool.keys(l, 0, 1));
                all.put("prefix_key_values." + l + ".value", pool.values(l, 0, 1));
                all.put("cache_key_values." + l + ".key", cache.keys(l, firstRow, batch));
                all.put("cache_key_values." + l + ".value", cache.values(l, firstRow, batch));
            }
            long start = System.nanoTime();
            try (OrtSession.Result result = session.run(all)) {
                long took = System.nanoTime() - start;
                long read = ((long) batch * cache.capacity() + pool.capacity()) * cache.bytesPerPosition();
                runs.ran(steps > 1, batch, took, read);
                float[] logits = floats(((OnnxTensor) result.get("logits").orElseThrow()).getFloatBuffer());
                FloatBuffer[] keys = new FloatBuffer[metadata.layers()];
                FloatBuffer[] values = new FloatBuffer[metadata.layers()];
                for (int l = 0; l < metadata.layers(); l++) {
                    keys[l] = ((OnnxTensor) result.get("new_key_values." + l + ".key").orElseThrow()).getFloatBuffer();
                    values[l] = ((OnnxTensor) result.get("new_key_values." + l + ".value").orElseThrow()).getFloatBuffer();
                }
                return new Output(logits, new NewKeyValues(keys, values, steps));
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /** The buffer's floats: its own array where it has one (ONNX Runtime's copy out of a run does), else a copy. */
    private static float[] floats(FloatBuffer buffer) {
        if (buffer.hasArray() && buffer.arrayOffset() == 0 && buffer.array().length == buffer.remaining()) {
            return buffer.array();
        }
        float[] copy = new float[buffer.remaining()];
        buffer.get(copy);
        return copy;
    }

    @Override
    public void close() {
        try {
            if (System.getenv("POLYPHON_ORT_PROFILE") != null) log.info("ONNX Runtime profile: {}", session.endProfiling());
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
