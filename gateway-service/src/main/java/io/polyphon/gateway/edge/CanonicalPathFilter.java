package io.polyphon.gateway.edge;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Refuses (400 {@code malformed-path}) a path with more than one spelling: empty segments ({@code //v1/pieces}),
 * dot segments, plain or encoded ({@code /v1/pieces/%2e%2e}), path parameters ({@code ;x}), encoded slashes or
 * control characters. The container normalizes such a path one way and the handlers match it another, so the key
 * check and the handler could disagree about what was asked; with one spelling they cannot. It runs first, before
 * the key is checked.
 */
final class CanonicalPathFilter extends OncePerRequestFilter {

    private final ObjectMapper json;

    CanonicalPathFilter(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (isCanonical(request.getRequestURI())) {
            chain.doFilter(request, response);
            return;
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The path is not in its "
                + "plain form: no empty or dot segments, path parameters, encoded slashes or control characters.");
        problem.setTitle("The path cannot be read");
        problem.setProperty("code", "malformed-path");
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }

    static boolean isCanonical(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/") || rawPath.contains("//") || rawPath.indexOf(';') >= 0
                || rawPath.indexOf('\\') >= 0) {
            return false;
        }
        for (String segment : rawPath.substring(1).split("/", -1)) {
            String decoded;
            try {
                decoded = URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException badEncoding) {
                return false;
            }
            if (decoded.equals(".") || decoded.equals("..") || decoded.indexOf('/') >= 0 || decoded.indexOf('\\') >= 0
                    || decoded.indexOf(';') >= 0 || decoded.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                return false;
            }
        }
        return true;
    }
}
