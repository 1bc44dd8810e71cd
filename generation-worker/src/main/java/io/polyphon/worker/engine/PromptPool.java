package io.polyphon.worker.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Prompts rows share, held once in one buffer row that every row of a run may read a range of: the first row of a
 * step of a request leaves its whole prompt here, and the rows after it read as much of it as their own prompts
 * begin with. A segment lives while a row reads it; the pool packs itself when freed space would cost every run.
 */
final class PromptPool implements AutoCloseable {

    /**
     * One shared prompt: where it lies in the pool, what it is, the logits after its last token, and a copy of its
     * keys and values on their own, which prompt runs read instead of the whole pool (a decode step's rows read
     * different segments, so they need the pool; a prompt run's rows read one).
     */
    static final class Segment {
        final Object group;
        final int[] tokens;
        final KvBuffers own;
        int start;
        float[] lastLogits;
        int readers;

        Segment(Object group, int[] tokens, int start, KvBuffers own) {
            this.group = group;
            this.tokens = tokens;
            this.start = start;
            this.own = own;
        }

        int end() {
            return start + tokens.length;
        }

        /** How many tokens {@code prompt} begins with that this segment holds. */
        int commonPrefix(int[] prompt) {
            int n = Math.min(prompt.length, tokens.length);
            int i = Arrays.mismatch(prompt, 0, n, tokens, 0, n);
            return i < 0 ? n : i;
        }
    }

    private final OnnxLanguageModel model;
    private final KvBuffers buffer;
    private final int chunk;
    private final int limit;
    private final List<Segment> segments = new ArrayList<>();

    /**
     * @param chunk the step the pool grows by
     * @param limit most positions the pool holds: every decode step reads the whole pool, so it stays small
     */
    PromptPool(OnnxLanguageModel model, int chunk, int limit) {
        this.model = model;
        this.buffer = model.buffers(1, chunk);
        this.chunk = chunk;
        this.limit = limit;
    }

    KvBuffers buffer() {
        return buffer;
    }

    /** The segment of {@code group} (a step of one request) still in the pool, or null. */
    Segment find(Object group) {
        for (Segment s : segments) if (s.group.equals(group)) return s;
        return null;
    }

    /** Room for a new segment holding {@code prompt}, or null where the pool is full; the caller fills it. */
    Segment add(Object group, int[] prompt) {
        int start = room(prompt.length);
        if (start < 0) return null;
        Segment segment = new Segment(group, prompt.clone(), start, model.buffers(1, prompt.length));
        segments.add(segment);
        segments.sort(Comparator.comparingInt(s -> s.start));
        return segment;
    }

    /** One row fewer reads {@code segment}; the last one frees it. */
    void release(Segment segment) {
        if (--segment.readers > 0) return;
        segments.remove(segment);
        segment.own.close();
        int used = segments.stream().mapToInt(s -> s.tokens.length).sum();
        // freed space is read by every decode step of every row until packed, and packing copies only the pool (a
        // few prompts, one row): pack as soon as a chunk would come free
        if (roundUp(Math.max(used, 1)) < buffer.capacity()) pack(used);
    }

    /** Positions the pool holds now (what every run reads). */
    int capacity() {
        return buffer.capacity();
    }

    private int room(int length) {
        int at = 0;
        for (Segment s : segments) {
            if (s.start - at >= length) return at;
            at = s.end();
        }
        if (at + length <= buffer.capacity()) return at;
        int needed = roundUp(at + length);
        if (needed > limit) return -1;
        buffer.resize(needed, at);
        return at;
    }

    private void pack(int used) {
        int at = 0;
        for (Segment s : segments) {
            if (s.start != at) buffer.movePositions(s.start, at, s.tokens.length);
            s.start = at;
            at = s.end();
        }
        buffer.resize(Math.max(chunk, roundUp(used)), used);
    }

    private int roundUp(int positions) {
        return (positions + chunk - 1) / chunk * chunk;
    }

    @Override
    public void close() {
        for (Segment s : segments) s.own.close();
        segments.clear();
        buffer.close();
    }
}
