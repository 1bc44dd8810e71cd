package io.polyphon.gateway.piece;

import io.polyphon.gateway.auth.ApiKey;
import io.polyphon.gateway.edge.EdgeProperties;
import io.polyphon.mmm.request.InvalidRequestException;
import io.polyphon.gateway.midi.MidiClient;
import io.polyphon.gateway.midi.MidiClient.AddedTrack;
import io.polyphon.gateway.midi.MidiClient.InspectedPiece;
import io.polyphon.gateway.storage.Page;
import io.polyphon.gateway.storage.PieceView;
import io.polyphon.gateway.storage.StorageClient;
import io.polyphon.gateway.storage.StorageClient.PieceDetail;
import io.polyphon.gateway.web.Refusal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
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

/** Pieces: upload a MIDI file, read what it holds, make a new piece by dropping or adding tracks, rename, delete. */
@Tag(name = "Pieces", description = "Upload MIDI files, read, edit, rename and delete pieces")
@RestController
@RequestMapping("/v1/pieces")
class PieceController {

    private static final String AUDIO_MIDI = "audio/midi";
    private static final String UNKNOWN_PIECE = "unknown-piece: there is no such piece for this key (or it was deleted)";
    private static final String BAD_PAGE = "malformed-request: page below 0, or size outside 1..1000";

    private final MidiClient midi;
    private final StorageClient storage;
    private final PieceFiles files;
    private final int maxTracks;

    PieceController(MidiClient midi, StorageClient storage, PieceFiles files, EdgeProperties edge) {
        this.midi = midi;
        this.storage = storage;
        this.files = files;
        this.maxTracks = edge.maxTracks();
    }

    @Operation(summary = "Upload a MIDI file",
            description = "The file (form field 'file') is normalized into tracks × bars on MMM's grid and stored.")
    @ApiResponse(responseCode = "201", description = "The stored piece",
            headers = @Header(name = "Location", description = "/v1/pieces/{id}", schema = @Schema(type = "string")))
    @Refusal(status = 400, codes = "malformed-request: no 'file' part in the form; malformed-multipart: the body is "
            + "not a well-formed form")
    @Refusal(status = 413, codes = "too-large: the file is over the upload limit (4 MiB by default)")
    @Refusal(status = 415, codes = "unsupported-media-type: the body is not multipart/form-data")
    @Refusal(status = 429, codes = "too-many-uploads: the key has 4 requests with a body in flight (Retry-After)")
    @Refusal(status = 422, codes = "not-midi, truncated, corrupt, smpte-timing, resolution-too-low, no-notes, "
            + "unsupported-time-signature, too-many-tracks, too-many-events, too-long: the MIDI service says why "
            + "it cannot use the file")
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<PieceView> upload(ApiKey key, @RequestPart("file") MultipartFile file,
                                     @Parameter(description = "The piece's name; the file's name if absent")
                                     @RequestParam(required = false) String name) throws IOException {
        byte[] bytes = file.getBytes();
        InspectedPiece inspected = midi.inspect(bytes);
        String pieceName = name != null && !name.isBlank() ? name
                : file.getOriginalFilename() != null ? file.getOriginalFilename() : "upload.mid";
        PieceView piece = storage.createPiece(key.id(), pieceName, bytes, inspected.piece(), inspected.summary(), null);
        return ResponseEntity.created(URI.create("/v1/pieces/" + piece.id())).body(piece);
    }

    @Operation(operationId = "listPieces", summary = "List your pieces, newest first",
            description = "Each item has its id, name, createdAt, parentPieceId and summary (bars, tracks), so two "
                    + "uploads of the same file can be told apart.")
    @Refusal(status = 400, codes = BAD_PAGE)
    @GetMapping
    Page<PieceView> list(ApiKey key,
                         @Parameter(description = "Page number, from 0") @RequestParam(defaultValue = "0") @Min(0) int page,
                         @Parameter(description = "Pieces per page, 1..1000")
                         @RequestParam(defaultValue = "50") @Min(1) @Max(1000) int size) {
        return storage.pieces(key.id(), page, size);
    }

    @Operation(summary = "A piece: its tracks, bars and measured controls")
    @Refusal(status = 404, codes = UNKNOWN_PIECE)
    @GetMapping("/{id}")
    PieceView piece(ApiKey key, @PathVariable String id) {
        return storage.piece(key.id(), id);
    }

    @Operation(summary = "Rename a piece", description = "The name is trimmed; nothing else about the piece changes.")
    @Refusal(status = 400, codes = "invalid-name: the name is empty or over 200 characters once trimmed; "
            + "malformed-json: the body is not JSON")
    @Refusal(status = 404, codes = UNKNOWN_PIECE)
    @Refusal(status = 415, codes = "unsupported-media-type: the body is not application/json")
    @PatchMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    PieceView rename(ApiKey key, @PathVariable String id, @RequestBody PieceRename rename) {
        return storage.renamePiece(key.id(), id, rename.name());
    }

    @Operation(summary = "Delete a piece",
            description = "Its jobs and their samples stay readable (each sample has its own MIDI file), and pieces "
                    + "edited from it keep naming it as their parent; a new job or edit from it is 404 unknown-piece.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @Refusal(status = 404, codes = UNKNOWN_PIECE)
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(ApiKey key, @PathVariable String id) {
        storage.deletePiece(key.id(), id);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "The piece as a MIDI file", description = "The original upload, or the edited piece rendered.")
    @ApiResponse(responseCode = "200", description = "The MIDI file",
            content = @Content(mediaType = AUDIO_MIDI, schema = @Schema(type = "string", format = "binary")))
    @Refusal(status = 404, codes = UNKNOWN_PIECE)
    @GetMapping(path = "/{id}/midi", produces = AUDIO_MIDI)
    byte[] pieceMidi(ApiKey key, @PathVariable String id) {
        return files.midi(key.id(), id);
    }

    @Operation(summary = "Drop or add tracks", description = "Makes a new piece whose parent is this one; the stored "
            + "one is left as it was.")
    @ApiResponse(responseCode = "201", description = "The new piece",
            headers = @Header(name = "Location", description = "/v1/pieces/{id} of the new piece",
                    schema = @Schema(type = "string")))
    @Refusal(status = 400, codes = "empty-edit: the edit neither drops nor adds a track; unknown-instrument: no such "
            + "General MIDI instrument; too-many-tracks: the new piece would have more than 32 tracks; null-entry: "
            + "a list holds a null; malformed-json: the body is not JSON of this shape")
    @Refusal(status = 404, codes = UNKNOWN_PIECE)
    @Refusal(status = 415, codes = "unsupported-media-type: the body is not application/json")
    @Refusal(status = 422, codes = "invalid-piece-edit: the MIDI service cannot make that edit (a track the piece "
            + "does not have, or no track left)")
    @PostMapping(path = "/{id}/edits", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<PieceView> edit(ApiKey key, @PathVariable String id, @RequestBody PieceEdit edit) {
        PieceDetail source = storage.pieceDetail(key.id(), id);
        // the same cap as an upload's: a piece the model is asked to take whole
        long kept = source.piece().tracks().size() - edit.dropTracks().stream().distinct().count();
        if (kept + edit.addTracks().size() > maxTracks) {
            throw new InvalidRequestException("too-many-tracks", "the edited piece would have "
                    + (kept + edit.addTracks().size()) + " tracks; at most " + maxTracks + " are accepted");
        }
        List<AddedTrack> added = edit.addTracks().stream()
                .map(t -> new AddedTrack(t.resolvedProgram(), t.isDrum())).toList();
        InspectedPiece edited = midi.edit(source.piece(), edit.dropTracks(), added);
        PieceView piece = storage.createPiece(key.id(), source.name(), null, edited.piece(), edited.summary(), id);
        return ResponseEntity.created(URI.create("/v1/pieces/" + piece.id())).body(piece);
    }
}
