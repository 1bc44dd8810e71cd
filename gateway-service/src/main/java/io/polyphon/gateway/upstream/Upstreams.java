package io.polyphon.gateway.upstream;

import io.polyphon.contract.InternalCredential;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.io.IOException;

/**
 * Builds the clients of the services behind the gateway, all turning a 4xx problem body, or a 503's (a service
 * saying why it cannot answer now, such as the MIDI service's {@code audio-busy}), into {@link UpstreamProblem}.
 */
public final class Upstreams {

    private Upstreams() {
    }

    /** A client of the service at {@code baseUrl} that shows it the internal credential on every request. */
    public static RestClient client(RestClient.Builder builder, String baseUrl, String internalSecret, ObjectMapper json) {
        return builder.clone().baseUrl(baseUrl).defaultHeader(InternalCredential.HEADER, internalSecret)
                .defaultStatusHandler(status -> status.is4xxClientError() || status.value() == 503, (request, response) -> {
                    throw problem(response.getStatusCode(), response.getBody().readAllBytes(), json);
                })
                .build();
    }

    private static UpstreamProblem problem(HttpStatusCode status, byte[] body, ObjectMapper json) throws IOException {
        String code = "request-refused";
        String title = null;
        String detail = "The request was refused (" + status.value() + ").";
        try {
            JsonNode problem = json.readTree(body);
            if (problem.hasNonNull("code")) code = problem.get("code").asString();
            if (problem.hasNonNull("title")) title = problem.get("title").asString();
            if (problem.hasNonNull("detail")) detail = problem.get("detail").asString();
        } catch (RuntimeException notJson) {
            // a body that is no problem document leaves the generic reason
        }
        return new UpstreamProblem(status, code, title, detail);
    }
}
