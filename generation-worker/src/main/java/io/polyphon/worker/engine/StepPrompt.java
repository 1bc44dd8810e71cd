package io.polyphon.worker.engine;

import io.polyphon.mmm.codec.BarCell;
import io.polyphon.mmm.codec.MmmDecoder;
import io.polyphon.mmm.codec.MmmEncoder;
import io.polyphon.mmm.features.AttributeFeatures;
import io.polyphon.mmm.features.TrackAttributes;
import io.polyphon.mmm.grammar.FillCell;
import io.polyphon.mmm.grammar.SamplingGrammar;
import io.polyphon.mmm.grammar.SoundingNote;
import io.polyphon.mmm.grammar.StepSpec;
import io.polyphon.mmm.grammar.TrackConstraints;
import io.polyphon.mmm.piece.Bar;
import io.polyphon.mmm.piece.Note;
import io.polyphon.mmm.piece.Piece;
import io.polyphon.mmm.piece.Track;
import io.polyphon.mmm.plan.Step;
import io.polyphon.mmm.request.Controls;
import io.polyphon.mmm.request.InvalidRequestException;
import io.polyphon.mmm.vocab.Instruments;
import io.polyphon.mmm.vocab.Token;
import io.polyphon.mmm.vocab.TokenType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The prompt of one step for one sample (research §10.5), and how its answer goes back into the piece. Any target
 * track only partly inside the window makes it a bar-infill step; otherwise the context tracks are the prompt and
 * the target tracks are generated whole after it. Context tracks are dropped, last first, until the prompt and the
 * least the step must write fit in the model's context.
 */
record StepPrompt(Step step, List<Integer> tracks, List<Integer> outputs, List<Token> prompt, StepSpec spec) {

    static StepPrompt build(Piece current, Step step, PreparedRequest request, AttributeFeatures features, int context) {
        List<Integer> tracks = step.infill() ? targetsLast(step) : new ArrayList<>(step.tracks());
        while (true) {
            StepPrompt prompt = step.infill()
                    ? infill(current, step, tracks, request, features)
                    : trackMode(current, step, tracks, request, features);
            int needed = prompt.prompt().size() + prompt.minimalCompletion();
            if (needed <= context) return prompt;
            int droppable = lastContextTrack(tracks, step);
            if (droppable < 0) {
                throw new InvalidRequestException("window-too-dense", "bars " + (step.windowStart() + 1) + "-"
                        + (step.windowStart() + step.windowBars()) + " need " + needed + " tokens; the model's context holds "
                        + context);
            }
            tracks.remove(Integer.valueOf(droppable));
        }
    }

    /**
     * The step's tracks with the ones it writes in last. MMM trains on shuffled track orders (research §9.1), so any
     * order is one the model knows; this one makes the prompts of a step's samples, which differ only in the tracks
     * being written (their earlier steps' bars), identical up to those tracks, so the engine holds that part once.
     */
    private static List<Integer> targetsLast(Step step) {
        List<Integer> tracks = new ArrayList<>();
        List<Integer> targets = new ArrayList<>();
        for (int t : step.tracks()) {
            boolean written = step.targets().stream().anyMatch(c -> c.track() == t);
            (written ? targets : tracks).add(t);
        }
        tracks.addAll(targets);
        return tracks;
    }

    /** Fewest tokens the step must write. */
    int minimalCompletion() {
        return new SamplingGrammar(spec, Integer.MAX_VALUE).minimalCompletion();
    }

    /** The budget of new tokens: what the context has left after the prompt. */
    int budget(int context) {
        return context - prompt.size();
    }

    private static int lastContextTrack(List<Integer> tracks, Step step) {
        for (int i = tracks.size() - 1; i >= 0; i--) {
            int t = tracks.get(i);
            if (step.targets().stream().noneMatch(c -> c.track() == t)) return t;
        }
        return -1;
    }

    private static StepPrompt trackMode(Piece current, Step step, List<Integer> tracks, PreparedRequest request,
                                        AttributeFeatures features) {
        List<Integer> outputs = step.targetTracks();
        List<Integer> conditions = tracks.stream().filter(t -> !outputs.contains(t)).toList();
        Piece window = slice(current, step, conditions);
        List<Token> prompt = MmmEncoder.trackMode(window, features.of(window));
        List<TrackConstraints> constraints = new ArrayList<>();
        for (int t : outputs) {
            Track track = current.tracks().get(t);
            Controls c = request.controls().get(t);
            constraints.add(new TrackConstraints(track.drum(), Instruments.group(track.program()),
                    c.density() == null ? null : c.density() - 1,
                    c.minPolyphony() == null ? null : c.minPolyphony() - 1,
                    c.maxPolyphony() == null ? null : c.maxPolyphony() - 1,
                    c.minDuration() == null ? null : c.minDuration().ordinal(),
                    c.maxDuration() == null ? null : c.maxDuration().ordinal(),
                    c.hardLimit(), request.temperature()[t],
                    sounding(current, t, step.windowStart(), step.windowStart(), Set.of())));
        }
        return new StepPrompt(step, conditions, outputs, prompt, StepSpec.trackMode(request.windowSignatures(step), constraints));
    }

    private static StepPrompt infill(Piece current, Step step, List<Integer> tracks, PreparedRequest request,
                                     AttributeFeatures features) {
        Piece window = slice(current, step, tracks);
        List<TrackAttributes> attributes = new ArrayList<>();
        for (int t : tracks) attributes.add(forced(features.of(current, current.tracks().get(t)), request.controls().get(t)));
        SortedSet<BarCell> fills = new TreeSet<>();
        for (BarCell cell : step.targets()) fills.add(new BarCell(tracks.indexOf(cell.track()), cell.bar() - step.windowStart()));
        List<Token> all = MmmEncoder.barInfill(window, fills, attributes);
        List<Token> prompt = all.subList(0, all.indexOf(Token.of(TokenType.FILL_IN_START)) + 1);
        List<FillCell> cells = new ArrayList<>();
        for (BarCell cell : fills) {
            int t = tracks.get(cell.track());
            cells.add(new FillCell(cell.track(), cell.bar(), window.tracks().get(cell.track()).drum(),
                    request.controls().get(t).hardLimit(), request.temperature()[t],
                    sounding(current, t, step.windowStart() + cell.bar(), step.windowStart(), step.targets())));
        }
        return new StepPrompt(step, tracks, List.of(), List.copyOf(prompt), StepSpec.barInfill(window.timeSignatures(), cells));
    }

    /**
     * Notes of track {@code t} from before bar {@code bar} (outside the step's targets) still sounding when it
     * starts, as the model hears them (durations capped at 96), in ticks from the window start.
     */
    private static List<SoundingNote> sounding(Piece current, int t, int bar, int windowStart, Set<BarCell> targets) {
        List<SoundingNote> sounding = new ArrayList<>();
        Track track = current.tracks().get(t);
        long barStart = current.barStart(bar);
        long origin = current.barStart(windowStart);
        // a note lasts at most 96 ticks, and every bar is at least 3 long: 32 bars back is far enough
        for (int b = Math.max(0, bar - 32); b < bar; b++) {
            if (targets.contains(new BarCell(t, b))) continue;
            long start = current.barStart(b);
            for (Note note : track.bars().get(b).notes()) {
                long end = start + note.onset() + (track.drum() ? 1 : Math.min(note.duration(), MmmEncoder.MAX_DURATION));
                if (end > barStart) sounding.add(new SoundingNote(note.pitch(), end - origin));
            }
        }
        return sounding;
    }

    /** Measured attributes with the request's controls in place of those it sets. */
    private static TrackAttributes forced(TrackAttributes measured, Controls c) {
        return new TrackAttributes(
                c.minPolyphony() == null ? measured.minPolyphony() : c.minPolyphony() - 1,
                c.maxPolyphony() == null ? measured.maxPolyphony() : c.maxPolyphony() - 1,
                c.minDuration() == null ? measured.minDuration() : c.minDuration().ordinal(),
                c.maxDuration() == null ? measured.maxDuration() : c.maxDuration().ordinal(),
                c.density() == null ? measured.density() : c.density() - 1);
    }

    private static Piece slice(Piece current, Step step, List<Integer> tracks) {
        Piece window = current.window(step.windowStart(), step.windowBars());
        return window.withTracks(tracks.stream().map(t -> window.tracks().get(t)).toList());
    }

    /** Writes the generated bars of this step into {@code current}: only the step's target cells change. */
    Piece splice(Piece current, List<Token> generated) {
        List<Token> all = new ArrayList<>(prompt);
        all.addAll(generated);
        Piece result = current;
        if (spec.infill()) {
            for (Map.Entry<BarCell, Bar> fill : MmmDecoder.fills(all).entrySet()) {
                int track = tracks.get(fill.getKey().track());
                result = result.withBar(track, step.windowStart() + fill.getKey().bar(), fill.getValue());
            }
        } else {
            Piece decoded = MmmDecoder.decode(all, current.tempos());
            for (int k = 0; k < outputs.size(); k++) {
                Track generatedTrack = decoded.tracks().get(tracks.size() + k);
                int track = outputs.get(k);
                for (BarCell cell : step.targets()) {
                    if (cell.track() == track) {
                        result = result.withBar(track, cell.bar(), generatedTrack.bars().get(cell.bar() - step.windowStart()));
                    }
                }
            }
        }
        return result;
    }
}
