package io.polyphon.storage.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A 404 problem: something missing, or another owner's, which must look the same so ids do not leak. */
public class NotFoundException extends ErrorResponseException {

    public NotFoundException(String detail) {
        this("not-found", detail);
    }

    /** A 404 with a code more specific than {@code not-found}, such as {@code unknown-key}. */
    public NotFoundException(String code, String detail) {
        super(HttpStatus.NOT_FOUND, problem(code, detail), null);
    }

    private static ProblemDetail problem(String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail);
        problem.setProperty(Problems.CODE, code);
        return problem;
    }
}
