package io.polyphon.gateway.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error page every error without a body of its own is forwarded to (a {@code sendError} of the container or of
 * Spring): a problem body with a {@code code} from the status, in place of Spring Boot's own error JSON. With it, the
 * container's own refusals ({@link ProblemReportValve}) have the same shape.
 */
@RestController
class ErrorProblems implements ErrorController {

    private final RefusalCounter refusals;

    ErrorProblems(RefusalCounter refusals) {
        this.refusals = refusals;
    }

    @RequestMapping(path = "${server.error.path:/error}", produces = MediaType.APPLICATION_PROBLEM_JSON_VALUE)
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object attribute = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = attribute instanceof Integer code && code >= 400 ? code : 500;
        String code = StatusCodes.codeOf(status);
        refusals.count(code);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status), StatusCodes.detailOf(status));
        problem.setProperty("code", code);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
