package io.polyphon.gateway.piece;

import io.polyphon.gateway.auth.ApiKey;
import io.polyphon.gateway.midi.MidiClient;
import io.polyphon.gateway.midi.MidiClient.AddedTrack;
import io.polyphon.gateway.midi.MidiClient.InspectedPiece;
import io.polyphon.gateway.storage.Page;
import io.polyphon.gateway.storage.PieceView;
import io.polyphon.gateway.storage.StorageClient;
import io.polyphon.gateway.storage.StorageClient.PieceDetail;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import java.io.IOException;
import java.net.URI;
import java.util.List;

/** Pieces: upload a MIDI file, read what it holds, make a new piece by dropping or adding tracks. */
@RestController
@RequestMapping("/v1/pieces")
class PieceController {

    private static final String AUDIO_MIDI = "audio/midi";

    private final MidiClient midi;
    private final StorageClient storage;

    PieceController(MidiClient midi, StorageClient storage) {
        this.midi = midi;
        this.storage = storage;
    }

    @Operation(summary = "Upload a MIDI file",
            description = "The file (form field 'file') is normalized into tracks × bars on MMM's grid and stored.")
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<PieceView> upload(ApiKey key, @RequestPart("file") MultipartFile file,
                                     @RequestParam(required = false) String name) throws IOException {
        byte[] bytes = file.getBytes();
        InspectedPiece inspected = midi.inspect(bytes);
        String pieceName = name != null && !name.isBlank() ? name
                : file.getOriginalFilename() != null ? file.getOriginalFilename() : "upload.mid";
        PieceView piece = storage.createPiece(key.id(), pieceName, bytes, inspected.piece(), inspected.summary(), null);
        return ResponseEntity.created(URI.create("/v1/pieces/" + piece.id())).body(piece);
    }

    @Operation(summary = "List your pieces, newest first")
    @GetMapping
    Page<PieceView> list(ApiKey key, @RequestParam(defaultValue = "0") @Min(0) int page,
                         @RequestParam(defaultValue = "50") @Min(1) @Max(1000) int size) {
        return storage.pieces(key.id(), page, size);
    }

    @Operation(summary = "A piece: its tracks, bars and measured controls")
    @GetMapping("/{id}")
    PieceView piece(ApiKey key, @PathVariable String id) {
        return storage.piece(key.id(), id);
    }

    @Operation(summary = "The piece as a MIDI file", description = "The original upload, or the edited piece rendered.")
    @GetMapping(path = "/{id}/midi", produces = AUDIO_MIDI)
    byte[] pieceMidi(ApiKey key, @PathVariable String id) {
        return storage.pieceMidi(key.id(), id)
                .orElseGet(() -> midi.render(storage.pieceDetail(key.id(), id).piece()));
    }

    @Operation(summary = "Drop or add tracks", description = "Makes a new piece; the stored one is left as it was.")
    @PostMapping(path = "/{id}/edits", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<PieceView> edit(ApiKey key, @PathVariable String id, @RequestBody PieceEdit edit) {
        PieceDetail source = storage.pieceDetail(key.id(), id);
        List<AddedTrack> added = edit.addTracks().stream()
                .map(t -> new AddedTrack(t.resolvedProgram(), t.isDrum())).toList();
        InspectedPiece edited = midi.edit(source.piece(), edit.dropTracks(), added);
        PieceView piece = storage.createPiece(key.id(), source.name(), null, edited.piece(), edited.summary(), id);
        return ResponseEntity.created(URI.create("/v1/pieces/" + piece.id())).body(piece);
    }
}
