package io.polyphon.gateway.web;

/** The problem {@code code} of a refusal that only has its status: Spring's own, the servlet container's. */
final class StatusCodes {

    private StatusCodes() {
    }

    static String codeOf(int status) {
        return switch (status) {
            case 400 -> "malformed-request";
            case 401 -> "missing-key";
            case 404 -> "not-found";
            case 405, 501 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 408 -> "request-timeout";
            case 411 -> "length-required";
            case 413 -> "too-large";
            case 414 -> "uri-too-long";
            case 415 -> "unsupported-media-type";
            case 431 -> "headers-too-large";
            case 503 -> "service-unavailable";
            default -> status >= 500 ? "internal-error" : "request-refused";
        };
    }

    /** A sentence for a status when nothing more specific is known. */
    static String detailOf(int status) {
        return switch (status) {
            case 400 -> "The request is not well-formed HTTP for this API (its line, path, headers or encoding).";
            case 404 -> "There is no such resource.";
            case 405, 501 -> "This method is not allowed on this path.";
            case 408 -> "The request did not arrive in time.";
            case 413 -> "The request is larger than the limit.";
            case 414 -> "The request's path is too long.";
            case 431 -> "The request's headers are too large.";
            default -> status >= 500 ? "The gateway failed to answer this request; try again." : "The request was refused.";
        };
    }
}
