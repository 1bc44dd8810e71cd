package io.polyphon.gateway.job;

/** A job larger than the pipeline carries: answered 413 {@code too-large-for-pipeline}, never worth a retry. */
public class PipelineLimitException extends RuntimeException {

    PipelineLimitException(String message) {
        super(message);
    }
}
