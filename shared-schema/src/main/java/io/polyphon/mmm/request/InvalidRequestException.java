package io.polyphon.mmm.request;

/** A generation request that cannot be carried out: a stable code and a sentence saying why. */
public class InvalidRequestException extends IllegalArgumentException {

    private final String code;

    public InvalidRequestException(String code, String reason) {
        super(reason);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
