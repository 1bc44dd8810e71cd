package io.polyphon.worker.gpu;

/** A call into ONNX Runtime's C API that returned an error status: the function, its OrtErrorCode and message. */
public final class OrtCallException extends RuntimeException {

    private final String function;
    private final int code;

    OrtCallException(String function, int code, String message) {
        super(function + " failed (OrtErrorCode " + code + "): " + message);
        this.function = function;
        this.code = code;
    }

    public String function() {
        return function;
    }

    /** The OrtErrorCode (2 ORT_INVALID_ARGUMENT, 6 ORT_RUNTIME_EXCEPTION, ...); -1 where no status was returned. */
    public int code() {
        return code;
    }
}
