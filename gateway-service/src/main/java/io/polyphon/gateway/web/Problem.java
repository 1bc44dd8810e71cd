package io.polyphon.gateway.web;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The RFC 9457 problem body of every refusal, as the API document shows it (the handlers write Spring's
 * {@code ProblemDetail}, which has this shape).
 */
@Schema(name = "Problem", description = "An RFC 9457 problem: why the request was refused, with a stable code.")
public record Problem(
        @Schema(description = "A URI naming the kind of problem; about:blank when the status says it all",
                example = "about:blank") String type,
        @Schema(description = "A short summary of the kind of problem", example = "The request cannot be carried out")
        String title,
        @Schema(description = "The HTTP status code", example = "400") int status,
        @Schema(description = "What was wrong with this request, in words a person can act on",
                example = "bar 9 of track 2 is outside the piece, which has bars 1 to 8") String detail,
        @Schema(description = "The path of the request that was refused", example = "/v1/jobs") String instance,
        @Schema(description = "A stable machine-readable reason, such as bar-out-of-range; switch on this",
                example = "bar-out-of-range", requiredMode = Schema.RequiredMode.REQUIRED) String code) {
}
