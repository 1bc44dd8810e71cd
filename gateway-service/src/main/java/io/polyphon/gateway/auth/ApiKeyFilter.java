package io.polyphon.gateway.auth;

import io.polyphon.gateway.web.RefusalCounter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Lets a {@code /v1} request through only with a known key ({@code Authorization: Bearer <key>}); the API
 * document stays open so a client can learn how to authenticate, and with it what the browsable document at
 * {@code /docs} reads first: its configuration, {@code <document>/swagger-config}. Under {@code /v1/admin} the key must
 * also have the admin scope (else 403 {@code admin-only}).
 */
@Component
class ApiKeyFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";
    private static final String ADMIN = "/v1/admin";
    private static final Logger log = LoggerFactory.getLogger(ApiKeyFilter.class);

    private final ApiKeys keys;
    private final ObjectMapper json;
    private final String apiDocument;
    private final RefusalCounter refusals;

    ApiKeyFilter(ApiKeys keys, ObjectMapper json, @Value("${springdoc.api-docs.path}") String apiDocument,
                 RefusalCounter refusals) {
        this.keys = keys;
        this.refusals = refusals;
        this.json = json;
        this.apiDocument = apiDocument;
    }

    /** The decoded path without ;parameters, as the handlers are matched: "/v1;x/pieces" and "/%761/pieces" are /v1/pieces. */
    private static String path(HttpServletRequest request) {
        return request.getServletPath() + Objects.toString(request.getPathInfo(), "");
    }

    private static boolean isAdminPath(HttpServletRequest request) {
        String path = path(request);
        return path.equals(ADMIN) || path.startsWith(ADMIN + "/");
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = path(request);
        return !path.startsWith("/v1/") || path.equals(apiDocument) || path.equals(apiDocument + "/swagger-config");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String secret = bearerSecret(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (secret == null) {
            refuse(request, response, HttpStatus.UNAUTHORIZED, "missing-key",
                    "Every request needs an API key: send the header 'Authorization: Bearer <key>'.");
            return;
        }
        Optional<ApiKey> key;
        try {
            key = keys.check(secret);
        } catch (RuntimeException e) {
            // a filter's exceptions never reach the problem handler, so this one answers for itself
            log.warn("the API key could not be checked", e);
            refuse(request, response, HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable",
                    "The API key cannot be checked right now; try again shortly.");
            return;
        }
        if (key.isEmpty()) {
            refuse(request, response, HttpStatus.UNAUTHORIZED, "unknown-key", "The API key is not known.");
            return;
        }
        if (isAdminPath(request) && !key.get().admin()) {
            refuse(request, response, HttpStatus.FORBIDDEN, "admin-only",
                    "This key may not use the admin API: it takes a key with the admin scope.");
            return;
        }
        request.setAttribute(ApiKey.ATTRIBUTE, key.get());
        chain.doFilter(request, response);
    }

    /** The secret of an {@code Authorization: Bearer <secret>} header (the scheme in any case), or null. */
    private static String bearerSecret(String header) {
        if (header == null || header.length() < BEARER.length()
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String secret = header.substring(BEARER.length()).trim();
        return secret.isEmpty() ? null : secret;
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String code,
                        String detail) throws IOException {
        refusals.count(code);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setProperty("code", code);
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(status.value());
        if (status == HttpStatus.UNAUTHORIZED) response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
