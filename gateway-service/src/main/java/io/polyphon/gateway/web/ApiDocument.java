package io.polyphon.gateway.web;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;

import java.util.Map;
import java.util.TreeMap;

/**
 * The API document's front matter (served at /v1/openapi.json, browsable at /docs; the web page at / links there),
 * and the refusals: every operation gets the {@link Problem} body for each {@link Refusal} it declares and for the
 * ones all of them share, so a controller names only its own.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
        info = @Info(title = "Polyphon API", version = "v1",
                description = "Batch generation of multi-track music with MMM: upload a MIDI file, choose tracks and "
                        + "bars to regenerate, get 1 to 1000 variations. Every request carries an API key. Tracks and "
                        + "bars count from 1, samples from 0. Every refusal is an RFC 9457 problem body whose code "
                        + "and detail say why."),
        security = @SecurityRequirement(name = "apiKey"))
@SecurityScheme(name = "apiKey", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "Authorization: Bearer <key>; the local stack prints its key when it starts.")
class ApiDocument {

    static final String PROBLEM_JSON = "application/problem+json";
    private static final String PROBLEM_REF = "#/components/schemas/Problem";

    /** What every /v1 operation can answer, whatever it does: the key check and the services behind the gateway. */
    private static final Map<Integer, String> SHARED = Map.of(
            401, "missing-key: no Authorization: Bearer <key> header; unknown-key: the key is not known",
            502, "upstream-failed: a service behind the gateway failed to answer; try again",
            503, "service-unavailable: a service behind the gateway (or the broker) cannot be reached right now; "
                    + "try again shortly");

    @Bean
    OperationCustomizer refusals() {
        return (operation, handler) -> {
            Map<Integer, String> refusals = new TreeMap<>(SHARED);
            for (Refusal refusal : AnnotatedElementUtils.findMergedRepeatableAnnotations(handler.getMethod(), Refusal.class)) {
                refusals.merge(refusal.status(), refusal.codes(), (shared, own) -> own + "; " + shared);
            }
            refusals.forEach((status, codes) -> refuse(operation, status, codes));
            return operation;
        };
    }

    private static void refuse(Operation operation, int status, String codes) {
        if (operation.getResponses() == null) operation.setResponses(new ApiResponses());
        operation.getResponses().addApiResponse(String.valueOf(status), new ApiResponse().description(codes)
                .content(new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(new Schema<>().$ref(PROBLEM_REF)))));
    }

    /** Adds the {@link Problem} schema the refusals name, read from the record like every other body. */
    @Bean
    OpenApiCustomizer problemSchema() {
        return openApi -> {
            if (openApi.getComponents() == null) openApi.setComponents(new Components());
            ModelConverters converters = ModelConverters.getInstance(openApi.getSpecVersion() == SpecVersion.V31);
            converters.read(new AnnotatedType(Problem.class)).forEach(openApi.getComponents()::addSchemas);
        };
    }
}
