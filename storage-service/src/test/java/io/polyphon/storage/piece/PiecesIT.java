package io.polyphon.storage.piece;

import io.polyphon.contract.Messages;
import io.polyphon.contract.SampleRendered;
import io.polyphon.contract.Topics;
import io.polyphon.mmm.piece.Bar;
import io.polyphon.mmm.piece.Note;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.piece.TempoChange;
import io.polyphon.mmm.piece.TimeSignature;
import io.polyphon.mmm.piece.Track;
import io.polyphon.storage.StorageContext;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Pieces through the internal HTTP API: what is stored reads back equal, and only to its owner, who may rename or delete it. */
class PiecesIT extends StorageContext {

    /** Two tracks (one drums), a change of metre and of tempo, a note held over a bar line. */
    static final Piece PIECE = new Piece(
            List.of(TimeSignature.FOUR_FOUR, new TimeSignature(3, 4), TimeSignature.FOUR_FOUR),
            List.of(new Track(0, false, List.of(
                            new Bar(List.of(new Note(0, 12, 60, 90), new Note(0, 12, 64, 90), new Note(36, 30, 67, 70))),
                            Bar.EMPTY,
                            new Bar(List.of(new Note(47, 1, 72, 127))))),
                    new Track(0, true, List.of(
                            new Bar(List.of(new Note(0, 1, 36, 100), new Note(24, 1, 38, 100))),
                            new Bar(List.of(new Note(12, 1, 42, 60))),
                            Bar.EMPTY))),
            List.of(new TempoChange(0, 500_000), new TempoChange(48, 400_000)));

    private static byte[] upload() throws Exception {
        try (InputStream in = PiecesIT.class.getResourceAsStream("/corpus/prompt_infill.mid")) {
            return in.readAllBytes();
        }
    }

    private JsonNode store(String owner, String name, byte[] midi, String parent) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ownerKeyId", owner);
        body.put("name", name);
        body.put("midi", midi == null ? null : Base64.getEncoder().encodeToString(midi));
        body.put("piece", PIECE);
        body.put("summary", Map.of("tracks", 2, "bars", 3, "instruments", List.of("piano", "drums")));
        body.put("parentPieceId", parent);
        return post("/pieces", toJson(body), 201);
    }

    @Test
    void aStoredPieceReadsBackEqual() throws Exception {
        String owner = newOwner();
        String id = store(owner, "prompt_infill.mid", upload(), null).get("id").asString();

        String body = mvc.perform(get("/pieces/" + id).param("owner", owner))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();

        assertThat(Messages.json().treeToValue(json(body).get("piece"), Piece.class)).isEqualTo(PIECE);
    }

    @Test
    void theViewSaysWhatWasStored() throws Exception {
        String owner = newOwner();
        JsonNode view = store(owner, "prompt_infill.mid", upload(), "piece-0");
        mvc.perform(get("/pieces/" + view.get("id").asString()).param("owner", owner))
                .andExpect(jsonPath("$.ownerKeyId").value(owner))
                .andExpect(jsonPath("$.name").value("prompt_infill.mid"))
                .andExpect(jsonPath("$.parentPieceId").value("piece-0"))
                .andExpect(jsonPath("$.createdAt").value(view.get("createdAt").asString()))
                .andExpect(jsonPath("$.summary.instruments[1]").value("drums"));
    }

    @Test
    void theUploadedFileReadsBackByteForByte() throws Exception {
        String owner = newOwner();
        String id = store(owner, "prompt_infill.mid", upload(), null).get("id").asString();
        mvc.perform(get("/pieces/" + id + "/midi").param("owner", owner))
                .andExpect(status().isOk())
                .andExpect(content().contentType("audio/midi"))
                .andExpect(content().bytes(upload()));
    }

    @Test
    void anEditedPieceHasNoMidiFile() throws Exception {
        String owner = newOwner();
        String upload = store(owner, "song.mid", upload(), null).get("id").asString();
        String edit = store(owner, "song.mid (edited)", null, upload).get("id").asString();
        mvc.perform(get("/pieces/" + edit + "/midi").param("owner", owner))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.code").value("not-found"));
    }

    @Test
    void anotherOwnersPieceIsNotFound() throws Exception {
        String id = store(newOwner(), "song.mid", upload(), null).get("id").asString();
        String stranger = newOwner();
        String theirs = mvc.perform(get("/pieces/" + id).param("owner", stranger))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.code").value("not-found"))
                .andReturn().getResponse().getContentAsString();
        String missing = mvc.perform(get("/pieces/no-such-piece").param("owner", stranger))
                .andExpect(status().isNotFound()).andReturn().getResponse().getContentAsString();
        // the two answers differ only in the id they were asked about
        assertThat(theirs.replace(id, "X")).isEqualTo(missing.replace("no-such-piece", "X"));
        mvc.perform(get("/pieces/" + id + "/midi").param("owner", stranger)).andExpect(status().isNotFound());
    }

    @Test
    void anOwnersPiecesAreListedNewestFirst() throws Exception {
        String owner = newOwner();
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(store(owner, "song-" + i + ".mid", null, null).get("id").asString());
            Thread.sleep(2); // distinct creation milliseconds
        }
        store(newOwner(), "someone else's.mid", null, null);

        mvc.perform(get("/pieces").param("owner", owner).param("page", "0").param("size", "2"))
                .andExpect(jsonPath("$.total").value(3))
                .andExpect(jsonPath("$.page").value(0))
                .andExpect(jsonPath("$.size").value(2))
                .andExpect(jsonPath("$.items.length()").value(2))
                .andExpect(jsonPath("$.items[0].id").value(ids.get(2)))
                .andExpect(jsonPath("$.items[1].id").value(ids.get(1)))
                .andExpect(jsonPath("$.items[0].piece").doesNotExist());
        mvc.perform(get("/pieces").param("owner", owner).param("page", "1").param("size", "2"))
                .andExpect(jsonPath("$.items.length()").value(1))
                .andExpect(jsonPath("$.items[0].id").value(ids.get(0)));
    }

    private org.springframework.test.web.servlet.ResultActions rename(String id, String owner, String name)
            throws Exception {
        return mvc.perform(patch("/pieces/" + id).param("owner", owner)
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .content(toJson(Map.of("name", name))));
    }

    @Test
    void aRenamedPieceShowsItsNewNameWhenReadAndListed() throws Exception {
        String owner = newOwner();
        JsonNode stored = store(owner, "song.mid", upload(), null);
        String id = stored.get("id").asString();

        rename(id, owner, "the chorus, slower")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(id))
                .andExpect(jsonPath("$.name").value("the chorus, slower"))
                .andExpect(jsonPath("$.createdAt").value(stored.get("createdAt").asString()))
                .andExpect(jsonPath("$.piece").doesNotExist());
        mvc.perform(get("/pieces/" + id).param("owner", owner)).andExpect(jsonPath("$.name").value("the chorus, slower"));
        mvc.perform(get("/pieces").param("owner", owner)).andExpect(jsonPath("$.items[0].name").value("the chorus, slower"));
    }

    @Test
    void aBlankNameIsRefused() throws Exception {
        String owner = newOwner();
        String id = store(owner, "song.mid", null, null).get("id").asString();
        rename(id, owner, " ").andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("invalid-request"));
        mvc.perform(get("/pieces/" + id).param("owner", owner)).andExpect(jsonPath("$.name").value("song.mid"));
    }

    @Test
    void anotherOwnersPieceCannotBeRenamed() throws Exception {
        String owner = newOwner();
        String id = store(owner, "song.mid", null, null).get("id").asString();
        rename(id, newOwner(), "mine now").andExpect(status().isNotFound()).andExpect(jsonPath("$.code").value("not-found"));
        mvc.perform(get("/pieces/" + id).param("owner", owner)).andExpect(jsonPath("$.name").value("song.mid"));
    }

    @Test
    void aDeletedPieceIsGoneFromReadsTheListAndItsFile() throws Exception {
        String owner = newOwner();
        String kept = store(owner, "kept.mid", upload(), null).get("id").asString();
        String id = store(owner, "song.mid", upload(), null).get("id").asString();

        mvc.perform(delete("/pieces/" + id).param("owner", owner)).andExpect(status().isNoContent());

        mvc.perform(get("/pieces/" + id).param("owner", owner)).andExpect(status().isNotFound());
        mvc.perform(get("/pieces/" + id + "/midi").param("owner", owner)).andExpect(status().isNotFound());
        mvc.perform(get("/pieces").param("owner", owner))
                .andExpect(jsonPath("$.total").value(1))
                .andExpect(jsonPath("$.items[0].id").value(kept));
        mvc.perform(delete("/pieces/" + id).param("owner", owner)).andExpect(status().isNotFound());
    }

    @Test
    void anotherOwnersPieceCannotBeDeleted() throws Exception {
        String owner = newOwner();
        String id = store(owner, "song.mid", null, null).get("id").asString();
        mvc.perform(delete("/pieces/" + id).param("owner", newOwner()))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.code").value("not-found"));
        mvc.perform(get("/pieces/" + id).param("owner", owner)).andExpect(status().isOk());
    }

    @Test
    void deletingAPieceLeavesWhatWasMadeFromIt() throws Exception {
        String owner = newOwner();
        String id = store(owner, "song.mid", upload(), null).get("id").asString();
        String edit = store(owner, "song.mid", null, id).get("id").asString();
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("ownerKeyId", owner);
        job.put("total", 1);
        job.put("pieceId", id);
        String jobId = post("/jobs", toJson(job), 201).get("id").asString();
        byte[] sample = "MThd sample 0".getBytes(StandardCharsets.US_ASCII);
        send(new SampleRendered(jobId, 1, Instant.now(), 0, sample, 8, 2, 40), Topics.SAMPLES_RENDERED);

        mvc.perform(delete("/pieces/" + id).param("owner", owner)).andExpect(status().isNoContent());

        mvc.perform(get("/jobs/" + jobId).param("owner", owner))
                .andExpect(status().isOk()).andExpect(jsonPath("$.pieceId").value(id));
        mvc.perform(get("/jobs/" + jobId + "/samples/0/midi").param("owner", owner))
                .andExpect(status().isOk()).andExpect(content().bytes(sample));
        mvc.perform(get("/pieces/" + edit).param("owner", owner))
                .andExpect(status().isOk()).andExpect(jsonPath("$.parentPieceId").value(id));
    }

    @Test
    void theDocumentsAListReadsHoldNeitherNotesNorFiles() throws Exception {
        String owner = newOwner();
        store(owner, "light", upload(), null);
        // the embedded server scans every document a list filters, so those documents stay small
        for (org.bson.Document listed : database.getCollection("pieces").find(com.mongodb.client.model.Filters.eq("ownerKeyId", owner))) {
            assertThat(listed.keySet()).doesNotContain("piece", "midi");
        }
        assertThat(database.getCollection("pieces").countDocuments(com.mongodb.client.model.Filters.eq("ownerKeyId", owner))).isEqualTo(1);
    }
}
