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
import java.util.HashMap;
import java.util.Map;

/**
 * One MMM model in ONNX Runtime: a GPT-2 graph with Hugging Face input and output names, serving prefill and every
 * decode step with a KV cache. Checks the model's metadata at load and refuses what it cannot serve.
 */
public final class OnnxLanguageModel implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OnnxLanguageModel.class);

    private final OrtEnvironment env;
    private final OrtSession session;
    private final ModelMetadata metadata;
    private final Vocabulary vocabulary;
    private final String device;
    private final boolean sharedPrefix;
    private final KvCache noPrefix;
    private volatile RunListener runs = RunListener.NONE;

    /** Hears every run of the graph, for the worker's meters. */
    @FunctionalInterface
    public interface RunListener {

        /**
         * @param prefill    true for a prompt's run, false for one decode step
         * @param batch      rows in the run
         * @param nanos      how long ONNX Runtime took
         * @param cacheBytes bytes of keys and values the run reads and leaves (its rows' caches and any shared prefix)
         */
        void ran(boolean prefill, int batch, long nanos, long cacheBytes);

        RunListener NONE = (prefill, batch, nanos, cacheBytes) -> { };
    }

    private OnnxLanguageModel(OrtEnvironment env, OrtSession session, ModelMetadata metadata, String device)
            throws OrtException {
        this.env = env;
        this.session = session;
        this.metadata = metadata;
        this.vocabulary = Vocabulary.of(metadata.idLayout());
        this.device = device;
        this.sharedPrefix = session.getInputNames().contains("prefix_key_values.0.key");
        this.noPrefix = sharedPrefix ? KvCache.masked(env, metadata) : null;
    }

    public static OnnxLanguageModel load(Path file, Device device) {
        if (!Files.isRegularFile(file)) throw new ModelRejectedException("there is no model file " + file);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        String where = "cpu";
        try {
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(device.threads() > 0 ? device.threads() : Runtime.getRuntime().availableProcessors());
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
            checkInputs(session, metadata);
            return new OnnxLanguageModel(env, session, metadata, where);
        } catch (OrtException e) {
            throw new ModelRejectedException("ONNX Runtime cannot load " + file + ": " + e.getMessage(), e);
        }
    }

    private static void checkInputs(OrtSession session, ModelMetadata m) {
        for (String name : new String[]{"input_ids", "attention_mask", "position_ids", "past_key_values.0.key",
                "past_key_values." + (m.layers() - 1) + ".value"}) {
            if (!session.getInputNames().contains(name)) {
                throw new ModelRejectedException("the graph has no input " + name + " (expected Hugging Face GPT-2 names)");
            }
        }
        if (session.getInputNames().contains("past_key_values." + m.layers() + ".key")) {
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
     * Whether the graph takes a prefix every row shares ({@code prefix_key_values.*}, our export): then a batch
     * decodes over one copy of its prompt's keys and values. A plain Hugging Face graph gets a copy per row.
     */
    boolean sharesPrefix() {
        return sharedPrefix;
    }

    KvCache emptyCache(int batch) throws OrtException {
        return KvCache.empty(env, metadata, batch);
    }

    KvCache select(KvCache cache, int[] rows) throws OrtException {
        return cache.select(env, rows);
    }

    /** Logits at the last position of every row ({@code [batch][vocab]}) and the cache grown by this run's tokens. */
    record Forward(float[][] lastLogits, KvCache cache) {
    }

    /** One run without a shared prefix. */
    Forward forward(long[] ids, long[] mask, long[] positions, int batch, int steps, KvCache past) throws OrtException {
        return forward(ids, mask, positions, batch, steps, past, null);
    }

    /**
     * One run over {@code steps} new tokens per row.
     *
     * @param ids       [batch * steps] token ids
     * @param mask      [batch * (prefix + past + steps)] 1 for real tokens, 0 for left padding
     * @param positions [batch * steps] position of each new token
     * @param prefix    keys and values of a prompt every row shares (batch 1), or null
     */
    Forward forward(long[] ids, long[] mask, long[] positions, int batch, int steps, KvCache past, KvCache prefix)
            throws OrtException {
        if (prefix != null && !sharedPrefix) throw new IllegalStateException("this graph takes no shared prefix");
        KvCache shared = prefix != null ? prefix : noPrefix;
        if (prefix == null && noPrefix != null) mask = withMaskedPrefix(mask, batch, past.length() + steps);
        int total = (shared == null ? 0 : shared.length()) + past.length() + steps;
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), new long[]{batch, steps}));
            inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), new long[]{batch, total}));
            inputs.put("position_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(positions), new long[]{batch, steps}));
            Map<String, OnnxTensor> all = new HashMap<>(inputs);
            for (int l = 0; l < metadata.layers(); l++) {
                all.put("past_key_values." + l + ".key", past.key(l));
                all.put("past_key_values." + l + ".value", past.value(l));
                if (shared != null) {
                    all.put("prefix_key_values." + l + ".key", shared.key(l));
                    all.put("prefix_key_values." + l + ".value", shared.value(l));
                }
            }
            long start = System.nanoTime();
            OrtSession.Result result = session.run(all);
            long took = System.nanoTime() - start;
            long cached = (long) batch * (past.length() + steps) + (shared == null ? 0 : shared.length());
            runs.ran(steps > 1, batch, took,
                    cached * 2L * metadata.layers() * metadata.heads() * metadata.headSize() * Float.BYTES);
            float[][] last = lastLogits((OnnxTensor) result.get("logits").orElseThrow(), batch, steps);
            return new Forward(last, KvCache.fromResult(result, metadata.layers(), batch, past.length() + steps));
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /** The mask with a leading 0 per row, for the one masked-out position that stands in for "no prefix". */
    private static long[] withMaskedPrefix(long[] mask, int batch, int width) {
        long[] wider = new long[batch * (width + 1)];
        for (int b = 0; b < batch; b++) System.arraycopy(mask, b * width, wider, b * (width + 1) + 1, width);
        return wider;
    }

    private static float[][] lastLogits(OnnxTensor logits, int batch, int steps) {
        FloatBuffer all = logits.getFloatBuffer();
        int vocab = Vocabulary.SIZE;
        float[][] last = new float[batch][vocab];
        for (int b = 0; b < batch; b++) all.get(((b * steps) + steps - 1) * vocab, last[b]);
        return last;
    }

    @Override
    public void close() {
        try {
            if (noPrefix != null) noPrefix.close();
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
