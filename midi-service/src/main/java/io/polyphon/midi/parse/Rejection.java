package io.polyphon.midi.parse;

/** Why a MIDI upload was refused: a stable machine-readable code, the HTTP status, and a title a musician understands. */
public enum Rejection {
    NOT_MIDI("not-midi", 422, "Not a MIDI file"),
    TRUNCATED("truncated", 422, "The MIDI file is cut short"),
    CORRUPT("corrupt", 422, "The MIDI file is damaged"),
    SMPTE_TIMING("smpte-timing", 422, "SMPTE timing is not supported"),
    RESOLUTION_TOO_LOW("resolution-too-low", 422, "The file's timing resolution is too coarse"),
    NO_NOTES("no-notes", 422, "The file has no notes"),
    UNSUPPORTED_TIME_SIGNATURE("unsupported-time-signature", 422, "A time signature MMM cannot encode"),
    TOO_LARGE("too-large", 413, "The file is too large"),
    TOO_MANY_TRACKS("too-many-tracks", 422, "The file has too many tracks"),
    TOO_MANY_EVENTS("too-many-events", 422, "The file has too many events"),
    TOO_LONG("too-long", 422, "The piece is too long");

    private final String code;
    private final int status;
    private final String title;

    Rejection(String code, int status, String title) {
        this.code = code;
        this.status = status;
        this.title = title;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
