package io.polyphon.worker.engine;

/** Hears how far a batch has come: called after each sample finishes each step. */
@FunctionalInterface
public interface GenerationListener {

    /**
     * @param done  sample-steps finished so far in this call
     * @param total sample-steps this call will run (samples × steps)
     */
    void progress(int done, int total);

    GenerationListener NONE = (done, total) -> { };
}
