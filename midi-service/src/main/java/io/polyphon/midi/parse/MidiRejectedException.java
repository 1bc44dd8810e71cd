package io.polyphon.midi.parse;

/** A MIDI file that cannot become a piece, with the {@link Rejection} and a sentence saying what is wrong. */
public class MidiRejectedException extends RuntimeException {

    private final Rejection rejection;

    public MidiRejectedException(Rejection rejection, String reason) {
        super(reason);
        this.rejection = rejection;
    }

    public Rejection rejection() {
        return rejection;
    }
}
