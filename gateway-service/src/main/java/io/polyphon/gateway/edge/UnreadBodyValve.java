package io.polyphon.gateway.edge;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

import java.io.IOException;

/**
 * After a refusal, closes the connection instead of reading the rest of a body nobody will use. Tomcat otherwise
 * drains an unread body (up to its swallow size) before the next request, one read timeout per trickled byte, and a
 * few hundred slow clients without a key would hold every thread doing it. The answer is written first; only the
 * connection's reuse is given up.
 */
final class UnreadBodyValve extends ValveBase {

    UnreadBodyValve() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        try {
            getNext().invoke(request, response);
        } finally {
            if (response.getStatus() >= 400 && !request.isAsyncStarted() && bodyLeft(request)) {
                request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
                // that marks the exchange as failed; the refusal is already written, so no error page is added to it
                response.setErrorReported();
            }
        }
    }

    private static boolean bodyLeft(Request request) {
        long length = request.getContentLengthLong();
        if (length > 0) return request.getCoyoteRequest().getBytesRead() < length;
        return request.getHeader("Transfer-Encoding") != null && !request.getCoyoteRequest().isFinished();
    }
}
