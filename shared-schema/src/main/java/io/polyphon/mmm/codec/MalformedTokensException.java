package io.polyphon.mmm.codec;

/** A token sequence that does not follow the Yellow grammar; says where and why. */
public class MalformedTokensException extends IllegalArgumentException {

    private final int position;

    public MalformedTokensException(int position, String reason) {
        super("token " + position + ": " + reason);
        this.position = position;
    }

    public int position() {
        return position;
    }
}
