package io.polyphon.midi.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.polyphon.midi.MidiProperties;
import io.polyphon.midi.audio.AudioRenderer;
import io.polyphon.midi.audio.TrackSelection;
import io.polyphon.midi.edit.PieceEdits;
import io.polyphon.midi.inspect.PieceInspector;
import io.polyphon.midi.parse.MidiParser;
import io.polyphon.midi.parse.MidiRejectedException;
import io.polyphon.midi.parse.Rejection;
import io.polyphon.midi.render.MidiRenderer;
import io.polyphon.mmm.piece.Piece;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** The MIDI service's HTTP face: inspect an upload, edit a piece, render a piece as a MIDI file or as audio. */
@RestController
class PieceController {

    static final String AUDIO_MIDI = "audio/midi";
    static final String AUDIO_WAV = "audio/wav";

    private final MidiParser parser;
    private final PieceInspector inspector;
    private final AudioRenderer audio;
    private final MidiProperties properties;
    private final Counter parsed;
    private final Timer parseTime;

    PieceController(MidiParser parser, PieceInspector inspector, AudioRenderer audio, MidiProperties properties,
                    MeterRegistry registry) {
        this.parsed = Counter.builder("polyphon.midi.uploads.parsed").description("Uploaded MIDI files parsed into pieces")
                .register(registry);
        this.parseTime = Timer.builder("polyphon.midi.parse").description("Time to parse and normalize an upload")
                .publishPercentileHistogram().register(registry);
        this.parser = parser;
        this.inspector = inspector;
        this.audio = audio;
        this.properties = properties;
    }

    /** A MIDI file sent as the request body. */
    @PostMapping(path = "/pieces/inspect", consumes = {AUDIO_MIDI, "audio/x-midi", MediaType.APPLICATION_OCTET_STREAM_VALUE})
    InspectedPiece inspect(InputStream body) throws IOException {
        return inspected(parseUpload(readLimited(body)));
    }

    /** A MIDI file sent as the {@code file} part of a form upload. */
    @PostMapping(path = "/pieces/inspect", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    InspectedPiece inspectUpload(@RequestPart("file") MultipartFile file) throws IOException {
        if (file.getSize() > properties.maxBytes()) throw tooLarge();
        return inspected(parseUpload(file.getBytes()));
    }

    /** Drops tracks (numbered from 1), then appends new empty tracks. */
    @PostMapping(path = "/pieces/edit", consumes = MediaType.APPLICATION_JSON_VALUE)
    InspectedPiece edit(@Valid @RequestBody EditRequest request) {
        Piece piece = request.piece();
        if (request.dropTracks() != null && !request.dropTracks().isEmpty()) {
            piece = PieceEdits.dropTracks(piece, request.dropTracks());
        }
        if (request.addTracks() != null) {
            for (NewTrack track : request.addTracks()) {
                piece = PieceEdits.addTrack(piece, track.program(), Boolean.TRUE.equals(track.drum()));
            }
        }
        return inspected(piece);
    }

    /** The piece as a type-1 MIDI file. */
    @PostMapping(path = "/pieces/render", consumes = MediaType.APPLICATION_JSON_VALUE, produces = AUDIO_MIDI)
    byte[] render(@RequestBody Piece piece) {
        return MidiRenderer.render(piece);
    }

    /**
     * A MIDI file as it sounds once normalized, as the model sees it, as a WAV file; {@code tracks} lists the
     * piece's tracks to hear (numbered from 1, as inspect numbers them), all when absent.
     */
    @PostMapping(path = "/pieces/audio", consumes = {AUDIO_MIDI, "audio/x-midi", MediaType.APPLICATION_OCTET_STREAM_VALUE})
    ResponseEntity<byte[]> audio(InputStream body, @RequestParam(required = false) String tracks) throws IOException {
        Piece piece = TrackSelection.keep(parser.parse(readLimited(body)), tracks);
        // the type is set here rather than by produces=, so a refusal still answers with its problem body
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(AUDIO_WAV)).body(audio.render(piece));
    }

    record EditRequest(@NotNull Piece piece, List<Integer> dropTracks, List<@Valid NewTrack> addTracks) {
    }

    record NewTrack(@NotNull @Min(0) @Max(127) Integer program, Boolean drum) {
    }

    private InspectedPiece inspected(Piece piece) {
        return new InspectedPiece(inspector.summarize(piece), piece);
    }

    /** Reads at most one byte past the limit, so an oversized body is refused without being held in memory. */
    private byte[] readLimited(InputStream body) throws IOException {
        byte[] data = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, properties.maxBytes() + 1));
        if (data.length > properties.maxBytes()) throw tooLarge();
        return data;
    }

    /** An upload parsed, timed and counted; a refusal is counted by the problem handler, by its code. */
    private Piece parseUpload(byte[] midi) {
        Piece piece = parseTime.record(() -> parser.parse(midi));
        parsed.increment();
        return piece;
    }

    private MidiRejectedException tooLarge() {
        return new MidiRejectedException(Rejection.TOO_LARGE,
                "The file is larger than the limit of " + properties.maxBytes() + " bytes.");
    }
}
