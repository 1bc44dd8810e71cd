package io.polyphon.midi.web;

import io.polyphon.contract.InternalCredential;
import io.polyphon.midi.MidiProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;

/**
 * Lets a request into the MIDI service's API only with the internal credential: it is the gateway's to call, and
 * anything else on the network that reaches this port could otherwise spend its parser and synthesizer. It runs first, before any body is read or any
 * handler is matched, so a refused caller learns nothing about what is here. (The management port, with health and
 * metrics, is a server of its own and is not behind it.)
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class InternalCallerFilter extends OncePerRequestFilter {

    private final String secret;
    private final ObjectMapper json;

    InternalCallerFilter(MidiProperties properties, ObjectMapper json) {
        this.secret = properties.internalSecret();
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (InternalCredential.matches(secret, request.getHeader(InternalCredential.HEADER))) {
            chain.doFilter(request, response);
            return;
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
                "this is an internal API: callers show the internal credential in " + InternalCredential.HEADER);
        problem.setProperty("code", "internal-credential-required");
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(HttpStatus.UNAUTHORIZED.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
