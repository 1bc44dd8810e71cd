package io.polyphon.midi.audio;

/** Why a piece was not rendered to audio: a stable machine-readable code, the HTTP status, and a title. */
public enum AudioProblem {
    UNKNOWN_TRACK("unknown-track", 400, "No such track"),
    TOO_LONG("too-long-to-render", 422, "The piece is too long to render"),
    UNAVAILABLE("audio-unavailable", 503, "Audio rendering is unavailable"),
    BUSY("audio-busy", 503, "Audio rendering is busy");

    private final String code;
    private final int status;
    private final String title;

    AudioProblem(String code, int status, String title) {
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
