package io.polyphon.worker.engine;

/**
 * One row run through the engine itself ({@link OnnxLanguageModel#run} over {@link KvBuffers}, written in place), as
 * GoldenFileTest does: the reference the I/O-bound session is held to. In this package because both are
 * package-private.
 */
public final class EngineRow implements AutoCloseable {

    private final OnnxLanguageModel model;
    private final KvBuffers pool;
    private final KvBuffers cache;

    public EngineRow(OnnxLanguageModel model, int capacity) {
        this.model = model;
        this.pool = model.buffers(1, 1);
        this.cache = model.buffers(1, capacity);
    }

    /** Runs {@code ids} at positions {@code [at, at + ids.length)} and writes their keys and values; the logits. */
    public float[] run(long[] ids, int at) throws Exception {
        long[] positions = new long[ids.length];
        for (int t = 0; t < ids.length; t++) positions[t] = at + t;
        OnnxLanguageModel.Output out = model.run(ids, positions, 1, ids.length, new long[]{0}, new long[]{0},
                new long[]{at}, new long[]{ids.length - 1}, pool, cache, 0);
        cache.write(0, at, out.fresh(), 0, ids.length);
        return out.logits();
    }

    @Override
    public void close() {
        pool.close();
        cache.close();
    }
}
