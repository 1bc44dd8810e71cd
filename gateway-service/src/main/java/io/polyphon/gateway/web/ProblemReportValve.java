package io.polyphon.gateway.web;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * What the servlet container answers itself (a path it will not map, a bad encoding, a method it does not take) as
 * a problem body with a {@code code}, in place of Tomcat's HTML error page: a client of the API reads one shape of
 * refusal, whoever writes it. Tomcat makes it by its class name, so it is public with a public constructor.
 */
public final class ProblemReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) return;
        if ((status == 501 || status == 505) && !response.isCommitted()) {
            // a transfer coding or an HTTP version the container does not speak: the client's request is at fault
            status = 400;
            response.setStatus(status);
        }
        String body = "{\"type\":\"about:blank\",\"title\":\"Refused\",\"status\":" + status + ",\"detail\":\""
                + StatusCodes.detailOf(status) + "\",\"code\":\"" + StatusCodes.codeOf(status) + "\"}";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the connection is going away; nothing more can be said on it
        }
    }
}
