package io.polyphon.storage.key;

/** A move the key's state table does not allow, such as rotating a revoked key. */
public final class IllegalKeyTransitionException extends RuntimeException {

    private final KeyState from;
    private final KeyState to;

    public IllegalKeyTransitionException(KeyState from, KeyState to) {
        super("a key cannot move from " + from + " to " + to);
        this.from = from;
        this.to = to;
    }

    public KeyState from() {
        return from;
    }

    public KeyState to() {
        return to;
    }
}
