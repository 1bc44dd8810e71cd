package io.polyphon.midi.parse;

/**
 * Walks the chunks and events of a Standard MIDI File without building anything, so that a damaged or hostile file
 * is refused with a precise reason before {@code javax.sound.midi} allocates what its lengths claim.
 */
final class SmfStructure {

    private final byte[] data;
    private final MidiLimits limits;
    private int events;

    private SmfStructure(byte[] data, MidiLimits limits) {
        this.data = data;
        this.limits = limits;
    }

    /** Checks the file; returns its ticks per quarter note. */
    static int check(byte[] data, MidiLimits limits) {
        return new SmfStructure(data, limits).check();
    }

    private int check() {
        if (data.length > limits.maxBytes()) {
            throw new MidiRejectedException(Rejection.TOO_LARGE,
                    "The file is " + data.length + " bytes; the limit is " + limits.maxBytes() + " bytes.");
        }
        if (data.length < 4 || !chunkIdAt(0, "MThd")) {
            throw new MidiRejectedException(Rejection.NOT_MIDI, "The file does not start with a MIDI header (MThd).");
        }
        if (data.length < 14) throw truncated("the header");
        long headerLength = u32(4);
        if (headerLength < 6) throw new MidiRejectedException(Rejection.CORRUPT, "The MIDI header is too short.");
        int format = u16(8);
        int declaredTracks = u16(10);
        int division = u16(12);
        if (format > 2) throw new MidiRejectedException(Rejection.NOT_MIDI, "Unknown MIDI file format " + format + ".");
        if ((division & 0x8000) != 0) {
            throw new MidiRejectedException(Rejection.SMPTE_TIMING,
                    "The file counts time in SMPTE frames; save it with musical (ticks per quarter note) timing.");
        }
        if (division < 12) {
            throw new MidiRejectedException(Rejection.RESOLUTION_TOO_LOW,
                    "The file has " + division + " ticks per quarter note; at least 12 are needed.");
        }
        long pos = 8 + headerLength;
        int tracks = 0;
        while (tracks < declaredTracks) { // bytes after the announced tracks are ignored, as MIDI players do
            if (pos + 8 > data.length) throw truncated("a chunk header");
            long length = u32((int) pos + 4);
            long body = pos + 8;
            if (body + length > data.length) throw truncated("track " + (tracks + 1));
            if (chunkIdAt((int) pos, "MTrk")) {
                tracks++;
                walkEvents((int) body, (int) (body + length), tracks);
            }
            pos = body + length;
        }
        return division;
    }

    private void walkEvents(int start, int end, int track) {
        int p = start;
        int running = 0;
        while (p < end) {
            p = skipVarLength(p, end, track);
            if (p >= end) throw corrupt(track, "an event is missing after its delta time");
            int status = data[p] & 0xFF;
            if (status >= 0x80) {
                p++;
                if (status < 0xF0) running = status;
            } else if (running == 0) {
                throw corrupt(track, "a data byte appears where an event should start");
            } else {
                status = running;
            }
            if (status == 0xFF) {
                if (p >= end) throw corrupt(track, "a meta event is cut short");
                p = skipBlock(p + 1, end, track);
            } else if (status == 0xF0 || status == 0xF7) {
                p = skipBlock(p, end, track);
            } else if (status > 0xF0) {
                throw corrupt(track, "a real-time or system-common byte sits inside the track");
            } else {
                int command = status & 0xF0;
                int dataBytes = command == 0xC0 || command == 0xD0 ? 1 : 2;
                if (p + dataBytes > end) throw corrupt(track, "a channel event is cut short");
                for (int i = 0; i < dataBytes; i++) {
                    if ((data[p + i] & 0x80) != 0) throw corrupt(track, "a channel event has a data byte above 127");
                }
                p += dataBytes;
            }
            if (++events > limits.maxEvents()) {
                throw new MidiRejectedException(Rejection.TOO_MANY_EVENTS,
                        "The file has more than " + limits.maxEvents() + " MIDI events.");
            }
        }
    }

    /** Skips a variable-length quantity and the block of that many bytes after it. */
    private int skipBlock(int p, int end, int track) {
        long length = 0;
        int q = p;
        for (int i = 0; ; i++) {
            if (q >= end || i == 4) throw corrupt(track, "a length field is malformed");
            int b = data[q++] & 0xFF;
            length = (length << 7) | (b & 0x7F);
            if ((b & 0x80) == 0) break;
        }
        if (q + length > end) throw corrupt(track, "an event claims more bytes than its track holds");
        return (int) (q + length);
    }

    private int skipVarLength(int p, int end, int track) {
        for (int i = 0; i < 4; i++) {
            if (p >= end) throw corrupt(track, "a delta time is cut short");
            if ((data[p++] & 0x80) == 0) return p;
        }
        throw corrupt(track, "a delta time is longer than four bytes");
    }

    private boolean chunkIdAt(int p, String id) {
        for (int i = 0; i < 4; i++) if (data[p + i] != id.charAt(i)) return false;
        return true;
    }

    private int u16(int p) {
        return ((data[p] & 0xFF) << 8) | (data[p + 1] & 0xFF);
    }

    private long u32(int p) {
        return ((long) (data[p] & 0xFF) << 24) | ((data[p + 1] & 0xFF) << 16) | ((data[p + 2] & 0xFF) << 8) | (data[p + 3] & 0xFF);
    }

    private static MidiRejectedException truncated(String what) {
        return new MidiRejectedException(Rejection.TRUNCATED, "The file ends inside " + what + "; it may be an incomplete download.");
    }

    private static MidiRejectedException corrupt(int track, String what) {
        return new MidiRejectedException(Rejection.CORRUPT, "Track " + track + " is damaged: " + what + ".");
    }
}
