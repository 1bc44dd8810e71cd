package io.polyphon.gateway.job;

import io.polyphon.mmm.request.Controls;
import io.polyphon.mmm.request.NoteLength;
import io.polyphon.mmm.request.TrackAction;
import io.polyphon.mmm.request.TrackRequest;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/**
 * The API document's shapes of shared-schema's {@code TrackRequest} and {@code Controls}, which a job request
 * carries as they are: shared-schema is plain Java, so its records cannot hold the document's annotations. The
 * fields and ranges are theirs (the records check them and refuse a request outside them). The document shows these
 * wherever the real records appear.
 */
@Configuration(proxyBeanMethods = false)
class TrackSchemas {

    static {
        SpringDocUtils.getConfig().replaceWithClass(TrackRequest.class, Track.class)
                .replaceWithClass(Controls.class, ControlsSchema.class);
    }

    /** What to do with one existing track. */
    @Schema(name = "TrackRequest", description = "What to do with one track of the piece; tracks not named are kept "
            + "as context")
    record Track(
            @Schema(description = "Track number, from 1 (the piece summary's tracks[].number)", minimum = "1",
                    requiredMode = Schema.RequiredMode.REQUIRED, example = "2") int track,
            @Schema(description = "keep: context only; regenerate: write the whole track anew; infill: rewrite the "
                    + "named bars; ignore: hide the track from the model (any case)",
                    requiredMode = Schema.RequiredMode.REQUIRED) TrackAction action,
            @ArraySchema(arraySchema = @Schema(description = "For infill (required there): bar numbers from 1, "
                    + "within the piece"), schema = @Schema(minimum = "1", example = "5")) List<Integer> bars,
            @Schema(description = "Attribute controls for the generated bars; absent means the model chooses")
            ControlsSchema controls,
            @Schema(description = "This track's sampling temperature, 0.5..2.0; absent for the request's",
                    minimum = "0.5", maximum = "2.0", nullable = true) Double temperature) {
    }

    /** The per-track controls, in a musician's units. */
    @Schema(name = "Controls", description = "Per-track attribute controls, as Calliope offers them; each absent "
            + "(or null) control is left to the model")
    record ControlsSchema(
            @Schema(description = "Note density level, 1 (sparse) .. 10 (dense)", minimum = "1", maximum = "10",
                    nullable = true, example = "3") Integer density,
            @Schema(description = "Fewest voices sounding together, 1..10; at most maxPolyphony", minimum = "1",
                    maximum = "10", nullable = true) Integer minPolyphony,
            @Schema(description = "Most voices sounding together, 1..10", minimum = "1", maximum = "10",
                    nullable = true, example = "2") Integer maxPolyphony,
            @Schema(description = "Shortest typical note (any case); no longer than maxDuration", nullable = true)
            NoteLength minDuration,
            @Schema(description = "Longest typical note (any case)", nullable = true) NoteLength maxDuration,
            @Schema(description = "Hard cap on notes sounding at once, 0..128; 0 or absent for no cap", minimum = "0",
                    maximum = "128", nullable = true) Integer polyphonyLimit) {
    }
}
