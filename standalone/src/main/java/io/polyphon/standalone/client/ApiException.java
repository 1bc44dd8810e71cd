package io.polyphon.standalone.client;

/** A refusal from the Polyphon API: its HTTP status, the problem body's stable code, and its reason. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;

    public ApiException(int status, String code, String detail) {
        super(detail);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
