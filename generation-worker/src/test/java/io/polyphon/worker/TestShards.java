package io.polyphon.worker;

import io.polyphon.contract.CancelJob;
import io.polyphon.contract.GenerateShard;
import io.polyphon.contract.Message;
import io.polyphon.midi.MidiBuilder;
import io.polyphon.midi.parse.MidiLimits;
import io.polyphon.midi.parse.MidiParser;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.request.GenerationRequest;
import io.polyphon.mmm.request.TrackRequest;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Shard commands over a small real piece, for the worker's shard and messaging tests. */
public final class TestShards {

    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T22:00:00Z"), ZoneOffset.UTC);

    private TestShards() {
    }

    /** One piano track over four bars, a C major figure in bars 1 and 4 (parsed from a real MIDI file). */
    public static Piece piece() {
        return new MidiParser(MidiLimits.DEFAULT).parse(new MidiBuilder(480).timeSignature(4, 4, 0).tempo(500_000, 0)
                .track().program(0, 0, 0)
                .note(0, 60, 90, 0, 480).note(0, 64, 90, 480, 960).note(0, 67, 90, 960, 1920)
                .note(0, 60, 90, 1920 * 3, 1920 * 3 + 480).note(0, 67, 90, 1920 * 3 + 480, 1920 * 4)
                .bytes());
    }

    /** Shard {@code shardIndex} of job {@code jobId} (seed 7, infilling bar 2): samples first .. first + count - 1. */
    public static GenerateShard shard(String jobId, int shardIndex, int first, int count) {
        GenerationRequest request = new GenerationRequest(100, 7, 1.0,
                java.util.List.of(TrackRequest.infill(1, java.util.List.of(2))), java.util.List.of(), 0);
        return new GenerateShard(jobId, Message.SCHEMA_VERSION, CLOCK.instant(), shardIndex, 10, first, count,
                piece(), request);
    }

    /**
     * Like {@link #shard}, but infilling bars 2 and 3 one bar per step: each sample takes two steps, so a batch
     * has progress to tell before its samples are done.
     */
    public static GenerateShard twoStepShard(String jobId, int shardIndex, int first, int count) {
        GenerationRequest request = new GenerationRequest(100, 7, 1.0,
                java.util.List.of(TrackRequest.infill(1, java.util.List.of(2, 3))), java.util.List.of(), 1);
        return new GenerateShard(jobId, Message.SCHEMA_VERSION, CLOCK.instant(), shardIndex, 10, first, count,
                piece(), request);
    }

    public static CancelJob cancel(String jobId) {
        return new CancelJob(jobId, Message.SCHEMA_VERSION, CLOCK.instant(), "the user cancelled it");
    }
}
