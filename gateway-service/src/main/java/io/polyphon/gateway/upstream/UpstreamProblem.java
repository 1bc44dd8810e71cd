package io.polyphon.gateway.upstream;

import org.springframework.http.HttpStatusCode;

/**
 * A refusal from a service behind the gateway (a 4xx, or a 503 saying why, with a problem body), carried out to the client unchanged:
 * the MIDI service knows best why a file is refused.
 */
public class UpstreamProblem extends RuntimeException {

    private final HttpStatusCode status;
    private final String code;
    private final String title;

    public UpstreamProblem(HttpStatusCode status, String code, String title, String detail) {
        super(detail);
        this.status = status;
        this.code = code;
        this.title = title;
    }

    public HttpStatusCode status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public boolean isNotFound() {
        return status.value() == 404;
    }
}
