package io.polyphon.gateway.edge;

import org.springframework.http.HttpStatus;

/**
 * A request refused because there is no room for it right now (429 for one key's share, 503 for the whole
 * gateway's): the problem carries {@code Retry-After}, since the same request later will succeed.
 */
public class NoRoomException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final long retryAfterSeconds;

    public NoRoomException(HttpStatus status, String code, String detail, long retryAfterSeconds) {
        super(detail);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
