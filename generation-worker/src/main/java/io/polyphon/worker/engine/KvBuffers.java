package io.polyphon.worker.engine;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Attention keys and values the engine keeps and writes in place: per layer and kind one direct buffer laid out
 * {@code [rows, heads, capacity, headSize]}, which ONNX Runtime reads where it lies (a tensor over a direct buffer is
 * not copied). A run writes only its new positions back; growing the capacity is the one whole copy, made a chunk
 * at a time. The slots of a batch are its rows; the prompt pool is one row. Positions a row has not written are read
 * too and hidden by arithmetic (an added mask, a zero weight times the value), so they must hold finite numbers: a
 * new buffer is zeroed, and afterwards they hold only keys and values some row wrote.
 */
final class KvBuffers implements AutoCloseable {

    private final OrtEnvironment env;
    private final int layers;
    private final int heads;
    private final int headSize;
    private final int rows;
    private int capacity;
    private ByteBuffer[] memory; // what keys and values are views of, freed as soon as they are left behind
    private FloatBuffer[] keys;
    private FloatBuffer[] values;
    /** Tensors over rows {@code [0, viewRows)}, made again only when the rows or the capacity change. */
    private OnnxTensor[] keyView;
    private OnnxTensor[] valueView;
    private int viewFrom = -1;
    private int viewRows = -1;

    KvBuffers(OrtEnvironment env, ModelMetadata m, int rows, int capacity) {
        this.env = env;
        this.layers = m.layers();
        this.heads = m.heads();
        this.headSize = m.headSize();
        this.rows = rows;
        this.capacity = capacity;
        allocate(capacity);
    }

    int capacity() {
        return capacity;
    }

    /** Bytes one position of one row takes over all layers, keys and values. */
    long bytesPerPosition() {
        return 2L * layers * heads * headSize * Float.BYTES;
    }

    private void allocate(int positions) {
        memory = new ByteBuffer[2 * layers];
        keys = new FloatBuffer[layers];
        values = new FloatBuffer[layers];
        for (int l = 0; l < layers; l++) {
            memory[2 * l] = ByteBuffer.allocateDirect(rows * heads * positions * headSize * Float.BYTES);
            memory[2 * l + 1] = ByteBuffer.allocateDirect(rows * heads * positions * headSize * Float.BYTES);
            keys[l] = memory[2 * l].order(ByteOrder.nativeOrder()).asFloatBuffer();
            values[l] = memory[2 * l + 1].order(ByteOrder.nativeOrder()).asFloatBuffer();
        }
    }

    /**
     * Makes room for {@code positions} per row, keeping what every row has written in its first {@code keep}
     * positions. Growing copies the buffers once; so does shrinking, which frees what long rows left behind.
     */
    void resize(int positions, int keep) {
        if (positions == capacity) return;
        closeViews();
        ByteBuffer[] oldMemory = memory;
        FloatBuffer[] oldKeys = keys;
        FloatBuffer[] oldValues = values;
        int oldCapacity = capacity;
        allocate(positions);
        int kept = Math.min(keep, Math.min(oldCapacity, positions)) * headSize;
        for (int l = 0; l < layers; l++) {
            for (int block = 0; block < rows * heads; block++) {
                keys[l].put(block * positions * headSize, oldKeys[l], block * oldCapacity * headSize, kept);
                values[l].put(block * positions * headSize, oldValues[l], block * oldCapacity * headSize, kept);
            }
        }
        capacity = positions;
        DirectMemory.free(oldMemory);
    }

    /**
     * Writes positions {@code [at, at + count)} of {@code row} from a run's new keys and values ({@code [batch,
     * heads, steps, headSize]} per layer), taking them from its batch row {@code from}, steps {@code [0, count)}.
     */
    void write(int row, int at, NewKeyValues fresh, int from, int count) {
        int steps = fresh.steps();
        for (int l = 0; l < layers; l++) {
            FloatBuffer k = fresh.keys(l);
            FloatBuffer v = fresh.values(l);
            for (int h = 0; h < heads; h++) {
                int target = ((row * heads + h) * capacity + at) * headSize;
                int source = ((from * heads + h) * steps) * headSize;
                keys[l].put(target, k, source, count * headSize);
                values[l].put(target, v, source, count * headSize);
            }
        }
    }

    /**
     * Copies the first {@code positions} of row {@code from} of {@code source} (these buffers too: a slot handed on)
     * over row {@code to} of these.
     */
    void copyRow(KvBuffers source, int from, int to, int positions) {
        for (int l = 0; l < layers; l++) {
            for (int h = 0; h < heads; h++) {
                int target = ((to * heads + h) * capacity) * headSize;
                int origin = ((from * heads + h) * source.capacity) * headSize;
                keys[l].put(target, source.keys[l], origin, positions * headSize);
                values[l].put(target, source.values[l], origin, positions * headSize);
            }
        }
    }

    /** Copies positions {@code [from, from + count)} of row 0 to {@code [to, to + count)} (the pool compacting). */
    void movePositions(int from, int to, int count) {
        for (int l = 0; l < layers; l++) {
            for (int h = 0; h < heads; h++) {
                int base = h * capacity * headSize;
                keys[l].put(base + to * headSize, keys[l], base + from * headSize, count * headSize);
                values[l].put(base + to * headSize, values[l], base + from * headSize, count * headSize);
            }
        }
    }

    /** The keys of rows {@code [from, from + count)} of one layer, as a tensor over the buffer itself. */
    OnnxTensor keys(int layer, int from, int count) throws OrtException {
        view(from, count);
        return keyView[layer];
    }

    /** The values of rows {@code [from, from + count)} of one layer, as a tensor over the buffer itself. */
    OnnxTensor values(int layer, int from, int count) throws OrtException {
        view(from, count);
        return valueView[layer];
    }

    private void view(int from, int count) throws OrtException {
        if (from == viewFrom && count == viewRows) return;
        closeViews();
        long[] shape = {count, heads, capacity, headSize};
        int offset = from * heads * capacity * headSize;
        int length = count * heads * capacity * headSize;
        keyView = new OnnxTensor[layers];
        valueView = new OnnxTensor[layers];
        for (int l = 0; l < layers; l++) {
            keyView[l] = OnnxTensor.createTensor(env, keys[l].slice(offset, length), shape);
            valueView[l] = OnnxTensor.createTensor(env, values[l].slice(offset, length), shape);
        }
        viewFrom = from;
        viewRows = count;
    }

    private void closeViews() {
        if (keyView != null) {
            for (OnnxTensor t : keyView) t.close();
            for (OnnxTensor t : valueView) t.close();
        }
        keyView = null;
        valueView = null;
        viewFrom = -1;
        viewRows = -1;
    }

    @Override
    public void close() {
        closeViews();
        if (memory != null) DirectMemory.free(memory);
        memory = null;
        keys = null;
        values = null;
    }
}
