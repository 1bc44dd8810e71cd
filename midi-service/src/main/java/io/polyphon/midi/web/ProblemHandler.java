package io.polyphon.midi.web;

import io.polyphon.midi.audio.AudioProblem;
import io.polyphon.midi.audio.AudioRefusedException;
import io.polyphon.midi.parse.MidiRejectedException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as an RFC 9457 problem body with a stable {@code code} property; refused files and bad requests are
 * 4xx with a reason, never a 5xx.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private final MeterRegistry registry;

    ProblemHandler(MeterRegistry registry) {
        this.registry = registry;
    }

    @ExceptionHandler(MidiRejectedException.class)
    ProblemDetail rejected(MidiRejectedException e) {
        refused(e.rejection().code());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(e.rejection().status()), e.getMessage());
        problem.setTitle(e.rejection().title());
        problem.setProperty("code", e.rejection().code());
        return problem;
    }

    @ExceptionHandler(AudioRefusedException.class)
    ResponseEntity<ProblemDetail> audioRefused(AudioRefusedException e) {
        HttpStatus status = HttpStatus.valueOf(e.problem().status());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        problem.setTitle(e.problem().title());
        problem.setProperty("code", e.problem().code());
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
        if (e.problem() == AudioProblem.BUSY) response.header(HttpHeaders.RETRY_AFTER, "1");
        return response.body(problem);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badRequest(IllegalArgumentException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
        problem.setTitle("The request cannot be carried out");
        problem.setProperty("code", "invalid-piece-edit");
        return problem;
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        refused("too-large");
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                "The upload is larger than the service accepts.");
        problem.setTitle("The file is too large");
        problem.setProperty("code", "too-large");
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem);
    }

    /** Spring's own problems (bad JSON, wrong media type, ...) get a code derived from their status. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem
                && (problem.getProperties() == null || !problem.getProperties().containsKey("code"))) {
            problem.setProperty("code", switch (statusCode.value()) {
                case 400 -> "malformed-request";
                case 404 -> "not-found";
                case 405 -> "method-not-allowed";
                case 406 -> "not-acceptable";
                case 413 -> "too-large";
                case 415 -> "unsupported-media-type";
                default -> "request-refused";
            });
        }
        return response;
    }

    /** A MIDI file refused, by its problem code: {@code polyphon_midi_uploads_refused_total{code}}. */
    private void refused(String code) {
        Counter.builder("polyphon.midi.uploads.refused").description("MIDI files refused, by problem code")
                .tag("code", code).register(registry).increment();
    }
}
