package io.polyphon.worker.engine;

import java.nio.FloatBuffer;

/**
 * The keys and values of the tokens one run wrote, per layer {@code [batch, heads, steps, headSize]}: all the engine
 * copies out of a run and into its buffers.
 */
record NewKeyValues(FloatBuffer[] keysByLayer, FloatBuffer[] valuesByLayer, int steps) {

    FloatBuffer keys(int layer) {
        return keysByLayer[layer];
    }

    FloatBuffer values(int layer) {
        return valuesByLayer[layer];
    }
}
