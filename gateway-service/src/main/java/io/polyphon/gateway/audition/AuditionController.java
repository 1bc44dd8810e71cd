package io.polyphon.gateway.audition;

import io.polyphon.gateway.auth.ApiKey;
import io.polyphon.gateway.midi.MidiClient;
import io.polyphon.gateway.piece.PieceFiles;
import io.polyphon.gateway.storage.StorageClient;
import io.polyphon.mmm.piece.Piece;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.polyphon.gateway.web.Refusal;
import jakarta.validation.constraints.Min;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.List;

/**
 * What the studio needs to show and play music, open to every API client: the notes of a piece or a sample as MMM
 * sees them (tracks × bars on its 12-ticks-per-quarter grid), and the same notes rendered to audio by the MIDI
 * service's General MIDI synthesizer.
 */
@RestController
@Tag(name = "Audition", description = "The notes of pieces and samples, and their sound")
class AuditionController {

    private static final String AUDIO_WAV = "audio/wav";
    private static final String UNKNOWN_SAMPLE = "not-found: no such job of yours, or it has no sample of that number";
    private static final String BAD_TRACKS = "unknown-track: a number in 'tracks' is not one of the piece's tracks";
    private static final String TOO_LONG = "too-long-to-render: the music is longer than the audio limit (600 s by default)";
    private static final String AUDIO_AWAY = "audio-busy: every synthesizer is rendering, try again in a second; "
            + "audio-unavailable: this MIDI service's JVM cannot render audio (the reason says why)";
    private static final String TRACKS_HELP = "Track numbers (from 1) to include, e.g. 1,3; all tracks if absent";
    // a stored sample never changes, and a piece's notes change only by a new piece: the browser may keep them
    private static final CacheControl KEEP = CacheControl.maxAge(Duration.ofHours(1)).cachePrivate();

    private final StorageClient storage;
    private final MidiClient midi;
    private final PieceFiles files;

    AuditionController(StorageClient storage, MidiClient midi, PieceFiles files) {
        this.storage = storage;
        this.midi = midi;
        this.files = files;
    }

    @Operation(summary = "A piece's notes",
            description = "Time signatures (one per bar), tracks with one list of notes per bar (onset and duration in "
                    + "ticks of 12 per quarter note, from the start of the bar; pitch; velocity), and the tempo map.")
    @Refusal(status = 404, codes = "unknown-piece: no such piece of yours")
    @GetMapping("/v1/pieces/{id}/notes")
    ResponseEntity<Piece> pieceNotes(ApiKey key, @PathVariable String id) {
        return ResponseEntity.ok().cacheControl(KEEP).body(storage.pieceDetail(key.id(), id).piece());
    }

    @Operation(summary = "A sample's notes", description = "The same form as a piece's notes.")
    @Refusal(status = 404, codes = UNKNOWN_SAMPLE)
    @GetMapping("/v1/jobs/{id}/samples/{index}/notes")
    ResponseEntity<Piece> sampleNotes(ApiKey key, @PathVariable String id, @PathVariable @Min(0) int index) {
        return ResponseEntity.ok().cacheControl(KEEP).body(midi.inspect(storage.sampleMidi(key.id(), id, index)).piece());
    }

    @Operation(summary = "A piece as audio",
            description = "WAV (16-bit mono, 22,050 Hz) of the piece's notes as the model sees them, played with "
                    + "General MIDI instruments at the piece's tempo.")
    @Refusal(status = 400, codes = BAD_TRACKS)
    @Refusal(status = 404, codes = "unknown-piece: no such piece of yours")
    @Refusal(status = 422, codes = TOO_LONG)
    @Refusal(status = 503, codes = AUDIO_AWAY)
    @GetMapping(path = "/v1/pieces/{id}/audio", produces = AUDIO_WAV)
    ResponseEntity<byte[]> pieceAudio(ApiKey key, @PathVariable String id,
                                      @Parameter(description = TRACKS_HELP) @RequestParam(required = false) List<Integer> tracks) {
        return ResponseEntity.ok().cacheControl(KEEP).body(midi.audio(files.midi(key.id(), id), tracks));
    }

    @Operation(summary = "A sample as audio", description = "The same form as a piece's audio.")
    @Refusal(status = 400, codes = BAD_TRACKS)
    @Refusal(status = 404, codes = UNKNOWN_SAMPLE)
    @Refusal(status = 422, codes = TOO_LONG)
    @Refusal(status = 503, codes = AUDIO_AWAY)
    @GetMapping(path = "/v1/jobs/{id}/samples/{index}/audio", produces = AUDIO_WAV)
    ResponseEntity<byte[]> sampleAudio(ApiKey key, @PathVariable String id, @PathVariable @Min(0) int index,
                                       @Parameter(description = TRACKS_HELP) @RequestParam(required = false) List<Integer> tracks) {
        return ResponseEntity.ok().cacheControl(KEEP).body(midi.audio(storage.sampleMidi(key.id(), id, index), tracks));
    }
}
