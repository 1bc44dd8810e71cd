package io.polyphon.worker.engine;

/** A model the worker cannot serve: missing or mismatched metadata, or a device it cannot run on; says why. */
public class ModelRejectedException extends RuntimeException {

    public ModelRejectedException(String reason) {
        super(reason);
    }

    public ModelRejectedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
