package io.polyphon.worker.engine;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * The attention keys and values of a batch, one {@code [batch, heads, length, headSize]} tensor per layer and kind.
 * A cache made by the model holds on to the run's result; one made here owns its tensors. Either way, close it.
 */
final class KvCache implements AutoCloseable {

    private final OnnxTensor[] keys;
    private final OnnxTensor[] values;
    private final int batch;
    private final int length;
    private final AutoCloseable owner;

    KvCache(OnnxTensor[] keys, OnnxTensor[] values, int batch, int length, AutoCloseable owner) {
        this.keys = keys;
        this.values = values;
        this.batch = batch;
        this.length = length;
        this.owner = owner;
    }

    /** No past at all: the first step of a batch. */
    static KvCache empty(OrtEnvironment env, ModelMetadata m, int batch) throws OrtException {
        OnnxTensor[] keys = new OnnxTensor[m.layers()];
        OnnxTensor[] values = new OnnxTensor[m.layers()];
        long[] shape = {batch, m.heads(), 0, m.headSize()};
        for (int l = 0; l < m.layers(); l++) {
            keys[l] = OnnxTensor.createTensor(env, FloatBuffer.allocate(0), shape);
            values[l] = OnnxTensor.createTensor(env, FloatBuffer.allocate(0), shape);
        }
        return new KvCache(keys, values, batch, 0, null);
    }

    /**
     * One zero position, for a graph that takes a shared prefix when there is none to share: ONNX cannot reshape to
     * an empty prefix, so the engine passes this one and masks it out.
     */
    static KvCache masked(OrtEnvironment env, ModelMetadata m) throws OrtException {
        OnnxTensor[] keys = new OnnxTensor[m.layers()];
        OnnxTensor[] values = new OnnxTensor[m.layers()];
        long[] shape = {1, m.heads(), 1, m.headSize()};
        for (int l = 0; l < m.layers(); l++) {
            keys[l] = OnnxTensor.createTensor(env, FloatBuffer.allocate(m.embedding()), shape);
            values[l] = OnnxTensor.createTensor(env, FloatBuffer.allocate(m.embedding()), shape);
        }
        return new KvCache(keys, values, 1, 1, null);
    }

    static KvCache fromResult(OrtSession.Result result, int layers, int batch, int length) {
        OnnxTensor[] keys = new OnnxTensor[layers];
        OnnxTensor[] values = new OnnxTensor[layers];
        for (int l = 0; l < layers; l++) {
            keys[l] = (OnnxTensor) result.get("present." + l + ".key").orElseThrow();
            values[l] = (OnnxTensor) result.get("present." + l + ".value").orElseThrow();
        }
        return new KvCache(keys, values, batch, length, result);
    }

    int batch() {
        return batch;
    }

    int length() {
        return length;
    }

    OnnxTensor key(int layer) {
        return keys[layer];
    }

    OnnxTensor value(int layer) {
        return values[layer];
    }

    /** A cache of {@code rows.length} samples made of the given rows of this one (a row may repeat). */
    KvCache select(OrtEnvironment env, int[] rows) throws OrtException {
        OnnxTensor[] newKeys = new OnnxTensor[keys.length];
        OnnxTensor[] newValues = new OnnxTensor[values.length];
        for (int l = 0; l < keys.length; l++) {
            newKeys[l] = selectRows(env, keys[l], rows);
            newValues[l] = selectRows(env, values[l], rows);
        }
        return new KvCache(newKeys, newValues, rows.length, length, null);
    }

    private OnnxTensor selectRows(OrtEnvironment env, OnnxTensor tensor, int[] rows) throws OrtException {
        long[] shape = tensor.getInfo().getShape();
        int rowSize = (int) (shape[1] * shape[2] * shape[3]);
        FloatBuffer source = tensor.getFloatBuffer();
        FloatBuffer target = ByteBuffer.allocateDirect(rows.length * rowSize * Float.BYTES)
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
        for (int row : rows) target.put(source.slice(row * rowSize, rowSize));
        target.rewind();
        return OnnxTensor.createTensor(env, target, new long[]{rows.length, shape[1], shape[2], shape[3]});
    }

    @Override
    public void close() {
        try {
            if (owner != null) {
                owner.close();
            } else {
                for (OnnxTensor t : keys) t.close();
                for (OnnxTensor t : values) t.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not free the attention cache", e);
        }
    }
}
