package io.polyphon.mmm.request;

/**
 * A track to add and generate whole.
 *
 * @param program     General MIDI program 0..127 (for drums, the kit's program, usually 0)
 * @param drum        true for a drum track
 * @param controls    attribute controls ({@link Controls#ANY} if null)
 * @param temperature this track's sampling temperature, or null for the request's
 */
public record NewTrack(int program, boolean drum, Controls controls, Double temperature) {

    public NewTrack {
        if (program < 0 || program > 127) {
            throw new InvalidRequestException("unknown-instrument",
                    "instrument " + program + " is not a General MIDI program (0..127)");
        }
        controls = controls == null ? Controls.ANY : controls;
        GenerationRequest.checkTemperature(temperature);
    }

    public static NewTrack of(int program) {
        return new NewTrack(program, false, Controls.ANY, null);
    }
}
