package io.polyphon.gateway.upstream;

/** What the client asked for does not exist for its key; answered 404 whether it is missing or another key's. */
public class NotFoundException extends RuntimeException {

    private final String code;

    public NotFoundException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
