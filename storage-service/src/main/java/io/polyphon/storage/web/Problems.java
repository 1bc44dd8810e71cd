package io.polyphon.storage.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Every error of the service as an RFC 9457 problem with a stable {@code code} the gateway can switch on: a bad
 * request of any kind (bean validation, malformed JSON, a bad parameter) is {@code invalid-request}, anything missing
 * is {@code not-found}, and an unexpected failure is {@code internal-error} without its internals.
 */
@RestControllerAdvice
class Problems extends ResponseEntityExceptionHandler {

    static final String CODE = "code";

    private static final Logger log = LoggerFactory.getLogger(Problems.class);

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        // Spring's own exceptions come with body null and carry their problem themselves
        ProblemDetail problem = body instanceof ProblemDetail given ? given
                : e instanceof ErrorResponse carried ? carried.getBody()
                : ProblemDetail.forStatusAndDetail(status, e.getMessage());
        String detail = detail(e);
        if (detail != null) problem.setDetail(detail);
        if (problem.getProperties() == null || !problem.getProperties().containsKey(CODE)) {
            problem.setProperty(CODE, code(status));
        }
        return super.handleExceptionInternal(e, problem, headers, status, request);
    }

    /** Anything else; a client that left mid-download is not among it, the base class answers that with nothing. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, WebRequest request) {
        log.error("request {} failed", request.getDescription(false), e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "the storage service could not answer this request");
        problem.setProperty(CODE, "internal-error");
        return handleExceptionInternal(e, problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    /** A sentence that says what was wrong with the request, where Spring's default says only that something was. */
    private static String detail(Exception e) {
        if (e instanceof MethodArgumentNotValidException invalid) {
            return invalid.getFieldErrors().stream().map(f -> f.getField() + " " + f.getDefaultMessage())
                    .sorted().collect(Collectors.joining("; "));
        }
        if (e instanceof HandlerMethodValidationException invalid) {
            return invalid.getParameterValidationResults().stream()
                    .flatMap(r -> r.getResolvableErrors().stream().map(error ->
                            r.getMethodParameter().getParameterName() + " " + error.getDefaultMessage()))
                    .sorted().collect(Collectors.joining("; "));
        }
        if (e instanceof HttpMessageNotReadableException unreadable) {
            // a record's own check (a piece whose bars do not line up) says best what is wrong; a parser's message
            // names Java types, so it is left out
            Throwable cause = NestedExceptionUtils.getMostSpecificCause(unreadable);
            return cause instanceof IllegalArgumentException ? "invalid body: " + cause.getMessage()
                    : "the body is not JSON of the expected shape";
        }
        return null;
    }

    /** {@code invalid-request} for any 400, else the status's phrase: 405 is {@code method-not-allowed}. */
    private static String code(HttpStatusCode status) {
        if (status.value() == 400) return "invalid-request";
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "http-" + status.value()
                : known.getReasonPhrase().toLowerCase(Locale.ROOT).replace(' ', '-');
    }
}
