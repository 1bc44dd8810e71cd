package io.polyphon.worker.engine;

import ai.onnxruntime.OrtException;
import io.polyphon.mmm.features.AttributeFeatures;
import io.polyphon.mmm.vocab.Vocabulary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The engine's sampling loop, nanoGPT's {@code generate()} for many samples at once: every step runs the model once
 * over the occupied slots, then masks, samples and appends per row. The slots stay full: a slot whose sample finished
 * a step starts that sample's next step at once, and a finished sample's slot goes to the next waiting one
 * (interactive first) — continuous batching. Each row's keys and values are written in place into its slot of
 * {@link KvBuffers}, after the part of its prompt it shares through the {@link PromptPool}.
 */
final class DecodeLoop {

    private static final Logger log = LoggerFactory.getLogger(DecodeLoop.class);

    /** Positions the buffers grow by. */
    static final int CHUNK = 64;
    /** Longest run over a prompt: a longer one is prefilled in parts, so its attention scores stay small. */
    static final int PREFILL_CHUNK = 256;
    /** Fewest prompt tokens worth reading from the pool rather than from a row's own buffer. */
    static final int LEAST_SHARED = 16;
    /** Most tokens in one run over waiting prompts (rows times padded length): bounds its attention scores. */
    static final int PREFILL_TOKENS = 512;
    /** Most decode steps a row waits for others to have their prompts run with it. */
    static final int MOST_WAITED_STEPS = 8;

    /** A slot's occupant: one sample writing one step. */
    private static final class Row {
        final SampleRun run;
        PromptPool.Segment segment; // the pool segment its prompt begins with, or null
        int shared;                 // prompt tokens read from the segment
        int length;                 // positions written in its own buffer (the rest of its prompt, then its tokens)
        float[] logits;             // the logits to sample its next token from (at offset), when it has no pending token
        int offset;
        int pending = -1;           // its newest token, not yet run through the model
        int waited;                 // decode steps it has waited for its prompt to run

        Row(SampleRun run) {
            this.run = run;
        }

        int position() {
            return shared + length;
        }
    }

    private final OnnxLanguageModel model;
    private final Vocabulary vocabulary;
    private final AttributeFeatures features;
    private final WorkQueue queue;
    private final int slots;
    private final boolean refill;
    private final int maxNewTokens;
    private final int context;
    private final TokenSampler sampler = new TokenSampler();
    private final Row[] rows;
    private int live;
    private final List<SampleRun> parked = new ArrayList<>();
    private final List<Row> waiting = new ArrayList<>(); // rows whose prompts have yet to run
    private KvBuffers cache;
    private PromptPool pool;
    private KvBuffers scratch;
    // the run's inputs, reused from step to step
    private final long[] ids;
    private final long[] positions;
    private final long[] prefixStart;
    private final long[] prefixEnd;
    private final long[] cacheLength;
    private final long[] lastToken;

    /**
     * @param slots  most samples decoded together
     * @param refill true to refill slots as they free (continuous batching); false for fixed batches: every sample of
     *               a batch finishes a step before the next step starts, and the next batch starts when one ends
     */
    DecodeLoop(OnnxLanguageModel model, WorkQueue queue, int slots, boolean refill, int maxNewTokens) {
        this.model = model;
        this.vocabulary = model.vocabulary();
        this.features = new AttributeFeatures(model.metadata().densityTable());
        this.queue = queue;
        this.slots = slots;
        this.refill = refill;
        this.maxNewTokens = maxNewTokens;
        this.context = model.metadata().context();
        this.rows = new Row[slots];
        int tokens = Math.max(slots, PREFILL_TOKENS);
        int rowsPerRun = Math.max(slots, PREFILL_TOKENS);
        this.ids = new long[tokens];
        this.positions = new long[tokens];
        this.prefixStart = new long[rowsPerRun];
        this.prefixEnd = new long[rowsPerRun];
        this.cacheLength = new long[rowsPerRun];
        this.lastToken = new long[rowsPerRun];
    }

    /** Runs until the queue closes. */
    void run() throws InterruptedException {
        while (true) {
            if (live == 0 && parked.isEmpty()) {
                SampleRun first = queue.take();
                if (first == null) return;
                try {
                    open();
                    place(first);
                    for (SampleRun next; live < slots && (next = queue.poll()) != null; ) place(next);
                    decodeWhileBusy();
                } catch (OrtException | RuntimeException e) {
                    fail(e);
                } finally {
                    free();
                }
            }
        }
    }

    private void decodeWhileBusy() throws OrtException {
        while (true) {
            admit();
            sampleAll();
            if (live == 0) {
                if (!admitBatch()) return;
                continue;
            }
            if (prefillDue()) {
                prefillWaiting();
                continue; // their first tokens are sampled before the next step
            }
            step();
        }
    }

    /** Fills free slots from the queue (continuous batching only: fixed batches take work at a batch's start). */
    private void admit() throws OrtException {
        if (!refill) return;
        while (live < slots) {
            SampleRun next = queue.poll();
            if (next == null) return;
            place(next);
        }
    }

    /** Fixed batches: the batch's next step for every parked sample, else a new batch; false when there is none. */
    private boolean admitBatch() throws OrtException {
        if (!parked.isEmpty()) {
            List<SampleRun> next = new ArrayList<>(parked);
            parked.clear();
            for (SampleRun run : next) place(run);
            return true;
        }
        while (live < slots) {
            SampleRun next = queue.poll();
            if (next == null) break;
            place(next);
        }
        return live > 0;
    }

    /** A waiting sample takes the next free slot for its step (a new sample: its first). */
    private void place(SampleRun run) throws OrtException {
        if (ready(run)) prefill(live++, new Row(run));
    }

    /** Whether the sample has a step to write, setting up the first step of a new one; if not, it is finished. */
    private boolean ready(SampleRun run) {
        if (run.grammar() != null || run.beginStep(features, vocabulary, context, maxNewTokens)) return true;
        run.generation.finished(run.result()); // nothing to write
        return false;
    }

    /**
     * Samples the next token of every row that has logits to sample from. A row that finishes its step goes on to
     * its next step in the same slot, or gives the slot up; the rows that replace it are sampled in turn.
     */
    private void sampleAll() throws OrtException {
        boolean again = true;
        while (again) {
            again = false;
            for (int s = 0; s < live; s++) {
                Row row = rows[s];
                if (row.run.generation.cancelled()) {
                    remove(s--);
                    continue;
                }
                if (row.pending >= 0 || row.logits == null) continue; // a token to run, or a prompt still to run
                int token = sampler.sample(row.logits, row.offset, row.run.grammar(), vocabulary, row.run.random);
                row.run.accept(token, sampler.logProbability(), vocabulary);
                if (!row.run.grammar().finished()) {
                    row.pending = token;
                    continue;
                }
                if (stepFinished(s, row)) again = true; // a new occupant, with logits to sample
                else s--;                               // the slot now holds the last row, not yet visited
            }
        }
    }

    /** The row's sample wrote its step. Returns true if the slot has a new occupant, false if it was emptied. */
    private boolean stepFinished(int slot, Row row) throws OrtException {
        SampleRun run = row.run;
        run.endStep(vocabulary);
        run.generation.stepDone();
        release(row);
        boolean more = run.beginStep(features, vocabulary, context, maxNewTokens);
        if (!more) run.generation.finished(run.result());
        if (!refill) {
            if (more) parked.add(run);
            vacate(slot);
            return false;
        }
        if (more && !(queue.interactiveWaiting() && !run.generation.interactive())) {
            prefill(slot, new Row(run));
            return true;
        }
        if (more) queue.putBack(run); // an interactive sample waits: it takes this slot between two bulk steps
        SampleRun next = queue.poll();
        while (next != null && !ready(next)) next = queue.poll();
        if (next == null) {
            vacate(slot);
            return false;
        }
        prefill(slot, new Row(next));
        return true;
    }

    /** A cancelled row leaves its slot. */
    private void remove(int slot) {
        waiting.remove(rows[slot]);
        release(rows[slot]);
        vacate(slot);
    }

    /** Empties a slot: the last row moves into it, so the occupied slots stay one run's rows. */
    private void vacate(int slot) {
        int last = --live;
        if (slot != last) {
            cache.copyRow(cache, last, slot, rows[last].length);
            rows[slot] = rows[last];
        }
        rows[last] = null;
    }

    private void release(Row row) {
        if (row.segment != null) pool.release(row.segment);
        row.segment = null;
    }

    /**
     * Puts a row in a slot with its prompt's shared part in place: the part its step's pool segment holds is read from
     * there (the first row of the step writes the segment). The rest waits to be run into its own slot together with
     * other rows' ({@link #prefillWaiting}).
     */
    private void prefill(int slot, Row row) throws OrtException {
        rows[slot] = row;
        int[] prompt = row.run.promptIds();
        PromptPool.Segment segment = pool.find(row.run.group());
        if (segment == null) {
            segment = pool.add(row.run.group(), prompt);
            if (segment != null) fill(segment);
        }
        if (segment != null) {
            int common = segment.commonPrefix(prompt);
            if (common == prompt.length && common == segment.tokens.length) {
                row.segment = segment;
                row.shared = common;
                row.logits = segment.lastLogits;
                row.offset = 0;
            } else if (common > LEAST_SHARED) {
                row.segment = segment;
                row.shared = Math.min(common, prompt.length - 1); // at least one token is run, for its logits
            }
            if (row.segment != null) segment.readers++;
        }
        row.length = 0;
        if (row.logits == null) waiting.add(row);
    }

    /**
     * Whether the rows waiting for their prompts should run now: enough of them for a run worth its weights, one has
     * waited long, or no row has anything else to do.
     */
    private boolean prefillDue() {
        if (waiting.isEmpty()) return false;
        if (waiting.size() == live || waiting.size() * 4 >= live) return true;
        for (Row row : waiting) if (row.waited >= MOST_WAITED_STEPS) return true;
        return false;
    }

    /**
     * Runs the waiting rows' prompts (what the pool does not hold of them), several rows per run, right-padded to the
     * longest of a run and a part at a time, into a staging buffer, then copies each into its slot.
     */
    private void prefillWaiting() throws OrtException {
        int longest = 0;
        for (Row row : waiting) longest = Math.max(longest, rest(row));
        ensureCapacity(longest + 1);
        // a run's rows read one segment (or none), so it reads that segment's own copy, not the whole pool; longest
        // first, so the rows of a run that end early are its last
        waiting.sort(Comparator.comparingInt((Row row) -> row.segment == null ? -1 : System.identityHashCode(row.segment))
                .thenComparing(Comparator.comparingInt(DecodeLoop::rest).reversed()));
        for (int first = 0; first < waiting.size(); ) {
            PromptPool.Segment segment = waiting.get(first).segment;
            int chunk = Math.min(PREFILL_CHUNK, rest(waiting.get(first)));
            int count = 1;
            while (first + count < waiting.size() && waiting.get(first + count).segment == segment
                    && (count + 1) * chunk <= PREFILL_TOKENS) count++;
            prefillGroup(waiting.subList(first, first + count), segment == null ? scratch : segment.own);
            first += count;
        }
        waiting.clear();
    }

    /** Runs one group's prompts; {@code prefix} holds what they share ({@code shared} tokens each, from 0). */
    private void prefillGroup(List<Row> group, KvBuffers prefix) throws OrtException {
        int rest = rest(group.get(0));
        try (KvBuffers staging = model.buffers(group.size(), (rest + CHUNK - 1) / CHUNK * CHUNK)) {
            for (int done = 0; done < rest; ) {
                int steps = Math.min(PREFILL_CHUNK, rest - done);
                int batch = 0;
                while (batch < group.size() && rest(group.get(batch)) > done) batch++;
                for (int r = 0; r < batch; r++) {
                    Row row = group.get(r);
                    int[] prompt = row.run.promptIds();
                    int n = Math.min(steps, rest(row) - done);
                    for (int t = 0; t < steps; t++) {
                        int at = Math.min(t, n - 1); // padding repeats the row's last token, after it, unread
                        ids[r * steps + t] = prompt[row.shared + done + at];
                        positions[r * steps + t] = row.shared + done + at;
                    }
                    prefixStart[r] = 0;
                    prefixEnd[r] = row.shared;
                    cacheLength[r] = done;
                    lastToken[r] = n - 1;
                }
                OnnxLanguageModel.Output out = model.run(ids, positions, batch, steps, prefixStart, prefixEnd,
                        cacheLength, lastToken, prefix, staging, 0);
                for (int r = 0; r < batch; r++) {
                    Row row = group.get(r);
                    int n = Math.min(steps, rest(row) - done);
                    staging.write(r, done, out.fresh(), r, n);
                    if (done + n == rest(row)) {
                        row.logits = out.logits();
                        row.offset = r * Vocabulary.SIZE;
                    }
                }
                done += steps;
            }
            for (int r = 0; r < group.size(); r++) {
                Row row = group.get(r);
                cache.copyRow(staging, r, slotOf(row), rest(row));
                row.length = rest(row);
            }
        }
    }

    /** Prompt tokens the row runs itself (beyond what it reads from the pool). */
    private static int rest(Row row) {
        return row.run.promptIds().length - row.shared;
    }

    private int slotOf(Row row) {
        for (int s = 0; s < live; s++) if (rows[s] == row) return s;
        throw new IllegalStateException("a waiting row is in no slot");
    }

    /** Runs a new pool segment's prompt into the pool, a part at a time. */
    private void fill(PromptPool.Segment segment) throws OrtException {
        int length = segment.tokens.length;
        for (int done = 0; done < length; ) {
            int n = Math.min(PREFILL_CHUNK, length - done);
            for (int t = 0; t < n; t++) {
                ids[t] = segment.tokens[done + t];
                positions[t] = done + t;
            }
            prefixStart[0] = 0;
            prefixEnd[0] = done;
            cacheLength[0] = 0;
            lastToken[0] = n - 1;
            OnnxLanguageModel.Output out = model.run(ids, positions, 1, n, prefixStart, prefixEnd, cacheLength,
                    lastToken, segment.own, scratch, 0);
            segment.own.write(0, done, out.fresh(), 0, n);
            pool.buffer().write(0, segment.start + done, out.fresh(), 0, n);
            done += n;
            if (done == length) segment.lastLogits = out.logits();
        }
    }

    /**
     * One decode step: every ready row's newest token, at its own position, over its own past. Rows waiting for their
     * prompts are moved behind the ready ones first and left out of the run.
     */
    private void step() throws OrtException {
        int ready = waitingLast();
        int longest = 0;
        for (int s = 0; s < ready; s++) longest = Math.max(longest, rows[s].length);
        ensureCapacity(longest + 1);
        for (int s = 0; s < ready; s++) {
            Row row = rows[s];
            ids[s] = row.pending;
            positions[s] = row.position();
            range(row, s);
            cacheLength[s] = row.length;
            lastToken[s] = 0;
        }
        OnnxLanguageModel.Output out = model.run(ids, positions, ready, 1, prefixStart, prefixEnd, cacheLength,
                lastToken, pool.buffer(), cache, 0);
        for (int s = 0; s < ready; s++) {
            Row row = rows[s];
            cache.write(s, row.length, out.fresh(), s, 1);
            row.length++;
            row.pending = -1;
            row.logits = out.logits();
            row.offset = s * Vocabulary.SIZE;
        }
        for (int s = ready; s < live; s++) rows[s].waited++;
    }

    /**
     * Puts the rows that wait for their prompts behind the rows with a token to run, and returns how many of those
     * there are. A waiting row has written nothing in its slot yet, so a swap copies only the ready row it trades
     * places with: far less than the row would cost riding along in every step until its prompt runs.
     */
    private int waitingLast() {
        int ready = live;
        for (int s = 0; s < ready; s++) {
            if (rows[s].pending >= 0) continue;
            do ready--; while (ready > s && rows[ready].pending < 0);
            if (ready == s) break;
            cache.copyRow(cache, ready, s, rows[ready].length);
            Row waiting = rows[s];
            rows[s] = rows[ready];
            rows[ready] = waiting;
        }
        if (ready == 0) throw new IllegalStateException("a decode step with no row ready to run");
        return ready;
    }

    private void range(Row row, int at) {
        prefixStart[at] = row.segment == null ? 0 : row.segment.start;
        prefixEnd[at] = row.segment == null ? 0 : row.segment.start + row.shared;
    }

    /**
     * Keeps the slot buffers' capacity a chunk-rounded fit for the longest row: grown when a row needs more, shrunk
     * when the long rows have gone (every run reads the whole capacity of every occupied slot).
     */
    private void ensureCapacity(int positions) {
        int needed = (positions + CHUNK - 1) / CHUNK * CHUNK;
        int capacity = cache.capacity();
        if (needed > capacity || needed * 2 < capacity) {
            int keep = 0;
            for (int s = 0; s < live; s++) keep = Math.max(keep, rows[s].length);
            cache.resize(Math.max(needed, (keep + CHUNK - 1) / CHUNK * CHUNK), keep);
        }
    }

    private void open() {
        if (cache != null) return;
        cache = model.buffers(slots, CHUNK);
        pool = new PromptPool(model, CHUNK, 2 * context);
        scratch = model.buffers(1, 1);
    }

    /** Frees the buffers when the loop has nothing to do: an idle worker holds no cache. */
    private void free() {
        if (cache == null) return;
        cache.close();
        pool.close();
        scratch.close();
        cache = null;
        pool = null;
        scratch = null;
    }

    /** The model failed: every sample in the slots fails with it; later work starts afresh. */
    private void fail(Exception e) {
        log.error("the model failed while generating", e);
        IllegalStateException failure = new IllegalStateException("the model failed while generating: " + e.getMessage(), e);
        for (int s = 0; s < live; s++) rows[s].run.generation.failed(failure);
        for (SampleRun run : parked) run.generation.failed(failure);
        for (int s = 0; s < live; s++) rows[s] = null;
        live = 0;
        parked.clear();
        waiting.clear();
    }
}
