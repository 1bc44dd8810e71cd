package io.polyphon.gateway.edge;

/** A JSON body past the edge's limit, found while it was being read (413 {@code too-large}). */
public class BodyTooLargeException extends RuntimeException {

    private final long limit;

    BodyTooLargeException(long limit) {
        super("The request body is larger than the limit of " + limit + " bytes.");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
