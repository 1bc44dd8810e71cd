package io.polyphon.gateway.edge;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Says {@code Connection: close} on a refusal of a request that carries a body, as the status is set and before the
 * answer is committed: the rest of such a body may go unread ({@link UnreadBodyValve} then closes the connection
 * rather than drain it), and a client told so opens a new connection for its next request instead of reusing one
 * about to close.
 */
final class CloseAfterRefusalFilter extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !BodyGate.hasBody(request);
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, new HttpServletResponseWrapper(response) {
            @Override
            public void setStatus(int status) {
                if (status >= 400 && !isCommitted()) setHeader(HttpHeaders.CONNECTION, "close");
                super.setStatus(status);
            }

            @Override
            public void sendError(int status, String message) throws IOException {
                if (!isCommitted()) setHeader(HttpHeaders.CONNECTION, "close");
                super.sendError(status, message);
            }

            @Override
            public void sendError(int status) throws IOException {
                if (!isCommitted()) setHeader(HttpHeaders.CONNECTION, "close");
                super.sendError(status);
            }
        });
    }
}
