package io.polyphon.mmm.grammar;

/** A pitch that sounds until {@code end}, in ticks from the start of the step's window. */
public record SoundingNote(int pitch, long end) {
}
