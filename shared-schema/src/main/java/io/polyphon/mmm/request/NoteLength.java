package io.polyphon.mmm.request;

/** Note-length classes of MMM's duration controls; the ordinal is the token value (research §8.2). */
public enum NoteLength {
    THIRTY_SECOND, SIXTEENTH, EIGHTH, QUARTER, HALF, WHOLE
}
