"""Writes band.mid, the bundled example: 8 bars of 4/4 at 96 bpm for piano, bass and drums.

Run with Debian's python3-mido: /usr/bin/python3 examples/make_band.py
"""
import mido

TPQ = 480
bar = 4 * TPQ
chords = [[60, 64, 67], [57, 60, 64], [53, 57, 60], [55, 59, 62]] * 2  # C Am F G, twice
roots = [36, 33, 29, 31] * 2

song = mido.MidiFile(type=1, ticks_per_beat=TPQ)
conductor = mido.MidiTrack([mido.MetaMessage("time_signature", numerator=4, denominator=4),
                            mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(96))])
song.tracks.append(conductor)


def track(name, channel, program, notes):
    """notes: (start tick, length ticks, pitch, velocity); returns a track with absolute times made relative."""
    events = []
    for start, length, pitch, velocity in notes:
        events.append((start, 1, mido.Message("note_on", channel=channel, note=pitch, velocity=velocity)))
        events.append((start + length, 0, mido.Message("note_off", channel=channel, note=pitch, velocity=0)))
    events.sort(key=lambda e: (e[0], e[1]))
    out = mido.MidiTrack([mido.MetaMessage("track_name", name=name),
                          mido.Message("program_change", channel=channel, program=program)])
    now = 0
    for tick, _, message in events:
        out.append(message.copy(time=tick - now))
        now = tick
    song.tracks.append(out)


piano = [(b * bar + beat * TPQ, TPQ - 40, p, 72 if beat % 2 else 84)
         for b, chord in enumerate(chords) for beat in range(4) for p in chord]
bass = [(b * bar + off, length - 20, root, 96)
        for b, root in enumerate(roots) for off, length in ((0, TPQ * 3 // 2), (TPQ * 3 // 2, TPQ * 3 // 2), (TPQ * 3, TPQ))]
drums = [(b * bar + i * TPQ // 2, 60, 42, 70) for b in range(8) for i in range(8)]
drums += [(b * bar + beat * TPQ, 60, 36 if beat % 2 == 0 else 38, 100) for b in range(8) for beat in range(4)]
track("Piano", 0, 0, piano)
track("Bass", 1, 33, bass)
track("Drums", 9, 0, drums)
song.save("band.mid")
