package io.polyphon.mmm.request;

/** What to do with an existing track: keep it as context, regenerate it whole, infill some bars, or hide it. */
public enum TrackAction {
    KEEP, REGENERATE, INFILL, IGNORE
}
