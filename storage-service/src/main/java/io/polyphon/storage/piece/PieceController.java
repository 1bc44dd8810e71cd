package io.polyphon.storage.piece;

import io.polyphon.mmm.piece.Piece;
import io.polyphon.storage.web.NotFoundException;
import io.polyphon.storage.web.Page;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/**
 * Pieces over the internal HTTP API, for the gateway: store an upload or an edit, read one with its notes or its
 * original MIDI file, list an owner's, rename or delete one. Another key's piece is "not found", so ids do not leak.
 */
@RestController
class PieceController {

    private final PieceRepository pieces;
    private final Clock clock;

    PieceController(PieceRepository pieces, Clock clock) {
        this.pieces = pieces;
        this.clock = clock;
    }

    /**
     * @param midi          the uploaded file (base64 in JSON), or null for a piece made by editing another
     * @param summary       what midi-service found in it, any JSON object, stored as given
     * @param parentPieceId the piece it was edited from, or null
     */
    record NewPiece(@NotBlank String ownerKeyId, @NotBlank @Size(max = 200) String name, byte[] midi,
                    @NotNull Piece piece, Map<String, Object> summary, String parentPieceId) {
    }

    @PostMapping("/pieces")
    @ResponseStatus(HttpStatus.CREATED)
    PieceView create(@Valid @RequestBody NewPiece body) {
        PieceDetail piece = new PieceDetail(UUID.randomUUID().toString(), body.ownerKeyId(), body.name(),
                clock.instant(), body.parentPieceId(), body.summary(), body.piece());
        pieces.insert(piece, body.midi());
        return new PieceView(piece.id(), piece.ownerKeyId(), piece.name(), piece.createdAt(), piece.parentPieceId(),
                piece.summary());
    }

    @GetMapping("/pieces/{id}")
    PieceDetail piece(@PathVariable String id, @RequestParam String owner) {
        return pieces.find(id, owner).orElseThrow(() -> new NotFoundException("there is no piece " + id));
    }

    @GetMapping(path = "/pieces/{id}/midi", produces = "audio/midi")
    byte[] midi(@PathVariable String id, @RequestParam String owner) {
        return pieces.midi(id, owner).orElseThrow(() -> new NotFoundException("there is no MIDI file of piece " + id));
    }

    /** The new name of a piece; the gateway has trimmed it. */
    record Rename(@NotBlank @Size(max = 200) String name) {
    }

    @PatchMapping("/pieces/{id}")
    PieceView rename(@PathVariable String id, @RequestParam String owner, @Valid @RequestBody Rename body) {
        return pieces.rename(id, owner, body.name()).orElseThrow(() -> new NotFoundException("there is no piece " + id));
    }

    /** Deletes the piece; what was made from it (jobs, samples, edited pieces) stays. */
    @DeleteMapping("/pieces/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String id, @RequestParam String owner) {
        if (!pieces.delete(id, owner)) throw new NotFoundException("there is no piece " + id);
    }

    /** The owner's pieces, newest first. */
    @GetMapping("/pieces")
    Page<PieceView> list(@RequestParam String owner, @RequestParam(defaultValue = "0") @Min(0) int page,
                         @RequestParam(defaultValue = "50") @Min(1) @Max(1000) int size) {
        return new Page<>(pieces.page(owner, Page.skip(page, size), size), page, size, pieces.count(owner));
    }
}
