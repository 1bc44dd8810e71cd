package io.polyphon.gateway.web;

import io.polyphon.gateway.edge.BodyTooLargeException;
import io.polyphon.gateway.edge.NoRoomException;
import io.polyphon.gateway.job.PipelineLimitException;
import io.polyphon.gateway.upstream.NotFoundException;
import io.polyphon.gateway.upstream.ServiceUnavailableException;
import io.polyphon.gateway.upstream.UpstreamProblem;
import io.polyphon.mmm.request.InvalidRequestException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the public API as an RFC 9457 problem body with a stable {@code code}: what was wrong with the
 * request, in words a client can act on. Refusals of the services behind the gateway pass through unchanged.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    private final RefusalCounter refusals;

    ProblemHandler(RefusalCounter refusals) {
        this.refusals = refusals;
    }

    @ExceptionHandler(InvalidRequestException.class)
    ProblemDetail invalid(InvalidRequestException e) {
        return problem(HttpStatus.BAD_REQUEST, e.code(), "The request cannot be carried out", e.getMessage());
    }

    @ExceptionHandler(NoRoomException.class)
    ResponseEntity<ProblemDetail> noRoom(NoRoomException e) {
        return ResponseEntity.status(e.status()).header(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds()))
                .body(problem(e.status(), e.code(), "Try again shortly", e.getMessage()));
    }

    @ExceptionHandler(PipelineLimitException.class)
    ResponseEntity<ProblemDetail> tooLargeForPipeline(PipelineLimitException e) {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem(HttpStatus.CONTENT_TOO_LARGE,
                "too-large-for-pipeline", "The job is larger than the pipeline carries", e.getMessage()));
    }

    @ExceptionHandler(BodyTooLargeException.class)
    ResponseEntity<ProblemDetail> bodyTooLarge(BodyTooLargeException e) {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem(HttpStatus.CONTENT_TOO_LARGE,
                "too-large", "The request body is too large", e.getMessage()));
    }

    /** A multipart body that does not parse: no boundary, a broken part, a truncated form. */
    @ExceptionHandler(MultipartException.class)
    ProblemDetail malformedMultipart(MultipartException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof MaxUploadSizeExceededException tooLarge) {
                return (ProblemDetail) handleMaxUploadSizeExceededException(tooLarge, HttpHeaders.EMPTY,
                        HttpStatus.CONTENT_TOO_LARGE, null).getBody();
            }
        }
        log.debug("a multipart body could not be read", e);
        return problem(HttpStatus.BAD_REQUEST, "malformed-multipart", "The form could not be read",
                "The body is not a well-formed multipart/form-data form with a 'file' part.");
    }

    /** A query parameter whose percent-encoding does not decode (the container says so only when it is read). */
    @ExceptionHandler(InvalidParameterException.class)
    ProblemDetail badParameter(InvalidParameterException e) {
        return problem(HttpStatus.BAD_REQUEST, "malformed-request", "The request cannot be read",
                "A query parameter is not well-formed: its percent-encoding does not decode.");
    }

    /** Anything else: a 500 whose detail names no class of ours; the log has the rest. */
    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("a request failed unexpectedly", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Something went wrong",
                "The gateway failed to answer this request; it is logged. Try again, or report it if it persists.");
    }

    @ExceptionHandler(ServiceUnavailableException.class)
    ProblemDetail unavailable(ServiceUnavailableException e) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable", "Try again shortly", e.getMessage());
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, e.code(), "Not found", e.getMessage());
    }

    @ExceptionHandler(UpstreamProblem.class)
    ProblemDetail upstream(UpstreamProblem e) {
        return problem(e.status(), e.code(), e.title(), e.getMessage());
    }

    @ExceptionHandler(ResourceAccessException.class)
    ProblemDetail unreachable(ResourceAccessException e) {
        log.warn("a service behind the gateway cannot be reached", e);
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable", "Try again shortly",
                "A service behind the gateway cannot be reached right now.");
    }

    @ExceptionHandler(RestClientResponseException.class)
    ProblemDetail upstreamFailed(RestClientResponseException e) {
        log.warn("a service behind the gateway failed", e);
        return problem(HttpStatus.BAD_GATEWAY, "upstream-failed", "Try again shortly",
                "A service behind the gateway failed to answer (" + e.getStatusCode().value() + ").");
    }

    /** A body Jackson could not read: malformed JSON, or a request record that refused its values. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidRequestException invalid) return ResponseEntity.badRequest().body(invalid(invalid));
            if (cause instanceof BodyTooLargeException tooLarge) {
                return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(bodyTooLarge(tooLarge).getBody());
            }
        }
        // Jackson's own message names our classes and its features; the client hears the field and the kind of value
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "malformed-json",
                "The request body is not valid JSON for this endpoint", BodyProblems.detail(ex)));
    }

    /**
     * A client that accepts none of the answer's types hears so in a problem body all the same: content negotiation
     * would otherwise leave the 406 without one.
     */
    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(HttpMediaTypeNotAcceptableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (request instanceof ServletWebRequest servlet && servlet.getResponse() != null
                && !servlet.getResponse().isCommitted()) {
            refusals.count("not-acceptable");
            HttpServletResponse response = servlet.getResponse();
            response.setStatus(HttpStatus.NOT_ACCEPTABLE.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            try {
                response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Not Acceptable\",\"status\":406,"
                        + "\"detail\":\"This resource is offered as " + String.join(", ",
                        ex.getSupportedMediaTypes().stream().map(MediaType::toString).toList())
                        + " only; send an Accept header that takes one of them.\",\"code\":\"not-acceptable\"}");
                return null;
            } catch (java.io.IOException e) {
                return null;
            }
        }
        return super.handleHttpMediaTypeNotAcceptable(ex, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem(HttpStatus.CONTENT_TOO_LARGE,
                "too-large", "The file is too large", "The upload is larger than the limit of "
                        + (ex.getMaxUploadSize() > 0 ? ex.getMaxUploadSize() + " bytes." : "the service.")));
    }

    /** Spring's own refusals (wrong media type, missing part, unknown path, ...) get a code from their status. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem
                && (problem.getProperties() == null || !problem.getProperties().containsKey("code"))) {
            problem.setProperty("code", StatusCodes.codeOf(statusCode.value()));
        }
        if (response != null && response.getBody() instanceof ProblemDetail problem && problem.getProperties() != null) {
            refusals.count(String.valueOf(problem.getProperties().get("code")));
        }
        return response;
    }

    private ProblemDetail problem(HttpStatusCode status, String code, String title, String detail) {
        refusals.count(code);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        if (title != null) problem.setTitle(title);
        problem.setProperty("code", code);
        return problem;
    }
}
