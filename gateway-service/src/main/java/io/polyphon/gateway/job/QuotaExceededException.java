package io.polyphon.gateway.job;

/** A job that would take its key over the per-key quota of pending samples; answered 429. */
public class QuotaExceededException extends RuntimeException {

    public QuotaExceededException(String message) {
        super(message);
    }
}
