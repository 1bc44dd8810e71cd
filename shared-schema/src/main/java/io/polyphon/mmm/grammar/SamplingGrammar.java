package io.polyphon.mmm.grammar;

import io.polyphon.mmm.codec.MmmEncoder;
import io.polyphon.mmm.piece.TimeSignature;
import io.polyphon.mmm.vocab.Token;
import io.polyphon.mmm.vocab.TokenType;
import io.polyphon.mmm.vocab.Vocabulary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.polyphon.mmm.vocab.TokenType.*;

/**
 * The MMM constraint mask (research §10.6, MMM-ENCODING decision 4) for one sample of one step: given the tokens
 * generated so far, which tokens may come next. Grammar successors (§5.5), no onset of a sounding pitch, strictly
 * increasing TIME_ABSOLUTE within the bar, the polyphony cap, bar and track counts, forced attribute values and
 * each bar's time signature.
 *
 * <p>Two deliberate differences from MMM's runtime keep a sample from ever reaching a state where every token is
 * masked: an empty bar may close at once ({@code BAR TS BAR_END}, {@code FILL_IN_START FILL_IN_END}, as in the
 * training data), and the sample keeps a token budget: a note is offered only while the tokens left can still
 * close every bar and track the step owes. So every sample finishes within the model's context.
 */
public final class SamplingGrammar {

    private enum Expect { TRACK, INSTRUMENT, DENSITY, MIN_POLY, MAX_POLY, MIN_DUR, MAX_DUR, BAR, SIGNATURE, EVENT, ONSET, DURATION, TRACK_END, FILL_START, DONE }

    private static final int NO_PITCH = -1;

    private final StepSpec spec;
    private final int budget;
    private final long[] barStarts;
    private int generated;
    private Expect expect;

    // where we are
    private int output;          // track mode: index into spec.outputs()
    private int fill;            // infill: index into spec.fills()
    private int bar;             // bar within the window
    private int chosenMin;       // last MIN_* value, so MAX_* stays at or above it

    // the bar being written
    private boolean drum;
    private int limit;
    private int time;
    private int barLength;
    private boolean velocitySet;
    private int pendingPitch = NO_PITCH;
    private final List<SoundingNote> sounding = new ArrayList<>();
    /** Notes written in earlier fills, per window track, so a later fill of the same track hears them ring on. */
    private final List<List<SoundingNote>> written = new ArrayList<>();

    /**
     * @param spec   what the step must produce
     * @param budget most tokens this sample may still generate (the model's context minus the prompt)
     */
    public SamplingGrammar(StepSpec spec, int budget) {
        this.spec = spec;
        this.budget = budget;
        this.barStarts = new long[spec.bars().size() + 1];
        for (int b = 0; b < spec.bars().size(); b++) barStarts[b + 1] = barStarts[b] + spec.bars().get(b).ticks();
        if (spec.infill()) {
            openFill(0);
        } else {
            expect = Expect.TRACK;
        }
        if (minimalCompletion() > budget) {
            throw new IllegalArgumentException("the step needs at least " + minimalCompletion()
                    + " tokens but only " + budget + " fit in the model's context");
        }
    }

    public boolean finished() {
        return expect == Expect.DONE;
    }

    /** Temperature of the track being written. */
    public double temperature() {
        if (spec.infill()) return spec.fills().get(Math.min(fill, spec.fills().size() - 1)).temperature();
        return spec.outputs().get(Math.min(output, spec.outputs().size() - 1)).temperature();
    }

    /** Fewest tokens that still complete the step from here. */
    public int minimalCompletion() {
        return switch (expect) {
            case DONE -> 0;
            case EVENT -> closeCost();
            case ONSET -> 1 + (drum ? 0 : 1) + closeCost();
            case DURATION -> 1 + closeCost();
            case FILL_START -> 2 * (spec.fills().size() - fill);
            default -> trackModeRemainder();
        };
    }

    /** Marks in {@code allowed} (indexed by id of {@code vocabulary}) every token that may come next. */
    public void allowed(boolean[] allowed, Vocabulary vocabulary) {
        Arrays.fill(allowed, false);
        switch (expect) {
            case TRACK -> set(allowed, vocabulary, TRACK, currentOutput().drum() ? 1 : 0);
            case INSTRUMENT -> set(allowed, vocabulary, INSTRUMENT, currentOutput().instrumentGroup());
            case DENSITY -> setValue(allowed, vocabulary, DENSITY_LEVEL, currentOutput().density(), 0, 9);
            case MIN_POLY -> setMin(allowed, vocabulary, MIN_POLYPHONY, currentOutput().minPolyphony(), currentOutput().maxPolyphony(), 9);
            case MAX_POLY -> setValue(allowed, vocabulary, MAX_POLYPHONY, currentOutput().maxPolyphony(), chosenMin, 9);
            case MIN_DUR -> setMin(allowed, vocabulary, MIN_NOTE_DURATION, currentOutput().minDuration(), currentOutput().maxDuration(), 5);
            case MAX_DUR -> setValue(allowed, vocabulary, MAX_NOTE_DURATION, currentOutput().maxDuration(), chosenMin, 5);
            case BAR -> set(allowed, vocabulary, BAR, 0);
            case SIGNATURE -> set(allowed, vocabulary, TIME_SIGNATURE, signatureValue(spec.bars().get(bar)));
            case EVENT -> allowEvents(allowed, vocabulary);
            case ONSET -> allowOnsets(allowed, vocabulary);
            case DURATION -> range(allowed, vocabulary, NOTE_DURATION, 0, MmmEncoder.MAX_DURATION - 1);
            case TRACK_END -> set(allowed, vocabulary, TokenType.TRACK_END, 0);
            case FILL_START -> set(allowed, vocabulary, FILL_IN_START, 0);
            case DONE -> { }
        }
    }

    /** Advances past {@code token}, which must be one that {@link #allowed} offered. */
    public void accept(Token token) {
        generated++;
        int v = token.value();
        switch (expect) {
            case TRACK -> {
                drum = v == 1;
                limit = currentOutput().polyphonyLimit();
                sounding.clear();
                sounding.addAll(currentOutput().carried());
                expect = Expect.INSTRUMENT;
            }
            case INSTRUMENT -> expect = drum ? Expect.DENSITY : Expect.MIN_POLY;
            case DENSITY -> startBars();
            case MIN_POLY -> { chosenMin = v; expect = Expect.MAX_POLY; }
            case MAX_POLY -> expect = Expect.MIN_DUR;
            case MIN_DUR -> { chosenMin = v; expect = Expect.MAX_DUR; }
            case MAX_DUR -> startBars();
            case BAR -> expect = Expect.SIGNATURE;
            case SIGNATURE -> openBar(bar);
            case EVENT -> acceptEvent(token);
            case ONSET -> acceptOnset(v);
            case DURATION -> {
                addSounding(pendingPitch, barStarts[bar] + time + v + 1);
                pendingPitch = NO_PITCH;
                expect = Expect.EVENT;
            }
            case TRACK_END -> {
                output++;
                expect = output < spec.outputs().size() ? Expect.TRACK : Expect.DONE;
            }
            case FILL_START -> openFill(fill);
            case DONE -> throw new IllegalStateException("the step is already complete");
        }
    }

    private void acceptEvent(Token token) {
        switch (token.type()) {
            case TIME_ABSOLUTE -> {
                time = token.value();
                release();
            }
            case VELOCITY_LEVEL -> {
                velocitySet = true;
                expect = Expect.ONSET;
            }
            case NOTE_ONSET -> acceptOnset(token.value());
            case BAR_END -> {
                bar++;
                expect = bar < spec.bars().size() ? Expect.BAR : Expect.TRACK_END;
            }
            case FILL_IN_END -> {
                fill++;
                expect = fill < spec.fills().size() ? Expect.FILL_START : Expect.DONE;
            }
            default -> throw new IllegalStateException(token + " cannot follow inside a bar");
        }
    }

    private void acceptOnset(int pitch) {
        if (drum) {
            addSounding(pitch, barStarts[bar] + time + 1);
            expect = Expect.EVENT;
        } else {
            pendingPitch = pitch;
            expect = Expect.DURATION;
        }
    }

    private void allowEvents(boolean[] allowed, Vocabulary vocabulary) {
        int left = budget - generated;
        int close = closeCost();
        set(allowed, vocabulary, spec.infill() ? FILL_IN_END : BAR_END, 0);
        if (left >= close + 1 && time < barLength) range(allowed, vocabulary, TIME_ABSOLUTE, time + 1, barLength);
        int noteCost = 1 + (drum ? 0 : 1);
        if (canOnset()) {
            if (left >= close + 1 + noteCost) range(allowed, vocabulary, VELOCITY_LEVEL, 1, 31);
            if (velocitySet && left >= close + noteCost) allowOnsets(allowed, vocabulary);
        }
    }

    private void allowOnsets(boolean[] allowed, Vocabulary vocabulary) {
        int offset = vocabulary.offset(NOTE_ONSET);
        for (int p = 0; p < 128; p++) allowed[offset + p] = true;
        for (SoundingNote note : sounding) allowed[offset + note.pitch()] = false;
    }

    private boolean canOnset() {
        return time < barLength && (limit <= 0 || sounding.size() < limit) && sounding.size() < 128;
    }

    /** Tokens that close the current bar and everything after it. */
    private int closeCost() {
        if (spec.infill()) return 1 + 2 * (spec.fills().size() - fill - 1);
        int barsAfter = spec.bars().size() - bar - 1;
        return 1 + 3 * barsAfter + 1 + outputsCost(output + 1);
    }

    private int trackModeRemainder() {
        // at a structural position: the rest of this track's header and bars, then the tracks after it
        int barsLeft = spec.bars().size() - bar;
        return switch (expect) {
            case TRACK -> outputsCost(output);
            case INSTRUMENT -> 1 + (drum ? 1 : 4) + 3 * spec.bars().size() + 1 + outputsCost(output + 1);
            case DENSITY, MIN_POLY -> (drum ? 1 : 4) + 3 * spec.bars().size() + 1 + outputsCost(output + 1);
            case MAX_POLY -> 3 + 3 * spec.bars().size() + 1 + outputsCost(output + 1);
            case MIN_DUR -> 2 + 3 * spec.bars().size() + 1 + outputsCost(output + 1);
            case MAX_DUR -> 1 + 3 * spec.bars().size() + 1 + outputsCost(output + 1);
            case BAR -> 3 * barsLeft + 1 + outputsCost(output + 1);
            case SIGNATURE -> 2 + 3 * (barsLeft - 1) + 1 + outputsCost(output + 1);
            case TRACK_END -> 1 + outputsCost(output + 1);
            default -> throw new IllegalStateException(expect.name());
        };
    }

    private int outputsCost(int from) {
        int cost = 0;
        for (int o = from; o < spec.outputs().size(); o++) {
            cost += 2 + (spec.outputs().get(o).drum() ? 1 : 4) + 3 * spec.bars().size() + 1;
        }
        return cost;
    }

    private void startBars() {
        bar = 0;
        expect = Expect.BAR;
    }

    private void openBar(int index) {
        bar = index;
        time = 0;
        barLength = spec.bars().get(index).ticks();
        velocitySet = false;
        release();
        expect = Expect.EVENT;
    }

    private void openFill(int index) {
        FillCell cell = spec.fills().get(index);
        while (written.size() <= cell.track()) written.add(new ArrayList<>());
        drum = cell.drum();
        limit = cell.polyphonyLimit();
        sounding.clear();
        sounding.addAll(cell.carried());
        sounding.addAll(written.get(cell.track()));
        openBar(cell.bar());
    }

    private void addSounding(int pitch, long end) {
        SoundingNote note = new SoundingNote(pitch, end);
        sounding.add(note);
        if (spec.infill()) written.get(spec.fills().get(fill).track()).add(note);
    }

    /** Drops notes that have ended by the current time. */
    private void release() {
        long now = barStarts[bar] + time;
        sounding.removeIf(note -> note.end() <= now);
    }

    private TrackConstraints currentOutput() {
        return spec.outputs().get(output);
    }

    private static int signatureValue(TimeSignature signature) {
        return io.polyphon.mmm.vocab.TimeSignatures.valueOf(signature).orElseThrow();
    }

    private static void set(boolean[] allowed, Vocabulary vocabulary, TokenType type, int value) {
        allowed[vocabulary.id(type, value)] = true;
    }

    private static void range(boolean[] allowed, Vocabulary vocabulary, TokenType type, int from, int to) {
        int offset = vocabulary.offset(type);
        for (int v = from; v <= to; v++) allowed[offset + v] = true;
    }

    /** A forced value, or any value in [from, to]. */
    private static void setValue(boolean[] allowed, Vocabulary vocabulary, TokenType type, Integer forced, int from, int to) {
        if (forced != null) set(allowed, vocabulary, type, forced);
        else range(allowed, vocabulary, type, from, to);
    }

    /** A forced minimum, or any value up to a forced maximum. */
    private static void setMin(boolean[] allowed, Vocabulary vocabulary, TokenType type, Integer forced, Integer forcedMax, int max) {
        setValue(allowed, vocabulary, type, forced, 0, forcedMax != null ? forcedMax : max);
    }
}
