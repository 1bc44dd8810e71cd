package io.polyphon.gateway.web;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.springframework.context.annotation.Configuration;

/** The API document's front matter (served at /v1/openapi.json, browsable at /docs; the web page at / links there). */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
        info = @Info(title = "Polyphon API", version = "v1",
                description = "Batch generation of multi-track music with MMM: upload a MIDI file, choose tracks and "
                        + "bars to regenerate, get 1 to 1000 variations. Every request carries an API key."),
        security = @SecurityRequirement(name = "apiKey"))
@SecurityScheme(name = "apiKey", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "Authorization: Bearer <key>; the local stack prints its key when it starts.")
class ApiDocument {
}
