package io.polyphon.mmm.plan;

import io.polyphon.mmm.codec.BarCell;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StepPlannerTest {

    private static boolean[][] none(int tracks, int bars) {
        return new boolean[tracks][bars];
    }

    @Test
    void aTrackFilledAcrossAWholeWindowIsWrittenInTrackModeAfterItsContext() {
        boolean[][] selected = none(4, 16);
        for (int b = 4; b < 8; b++) selected[1][b] = true;
        List<Step> steps = StepPlanner.plan(selected, new boolean[4], new boolean[4], 4, 4);
        assertThat(steps).hasSize(1);
        assertThat(steps.get(0).windowStart()).isEqualTo(4);
        assertThat(steps.get(0).infill()).isFalse(); // research §10.5: no track is partly selected in the window
        assertThat(steps.get(0).tracks()).containsExactly(0, 1, 2, 3);
        assertThat(steps.get(0).targetTracks()).containsExactly(1);
    }

    @Test
    void barsOfATrackSelectedInPartOfAWindowAreInfilled() {
        boolean[][] selected = none(2, 8);
        selected[0][1] = true;
        selected[0][2] = true;
        List<Step> steps = StepPlanner.plan(selected, new boolean[2], new boolean[2], 4, 4);
        assertThat(steps).hasSize(1);
        assertThat(steps.get(0).infill()).isTrue();
        assertThat(steps.get(0).targets()).containsExactly(new BarCell(0, 1), new BarCell(0, 2));
    }

    @Test
    void aNewTrackIsWrittenWindowByWindowInTrackModeSeeingOnlyWhatIsWritten() {
        boolean[][] selected = none(2, 8);
        java.util.Arrays.fill(selected[1], true);
        boolean[] autoregressive = {false, true};
        List<Step> steps = StepPlanner.plan(selected, autoregressive, new boolean[2], 4, 4);
        assertThat(steps).extracting(Step::windowStart).containsExactly(0, 4);
        assertThat(steps).allMatch(s -> !s.infill());
        assertThat(steps.get(1).targets()).contains(new BarCell(1, 4), new BarCell(1, 7));
    }

    @Test
    void laterWindowsOfAWholeTrackKeepEarlierBarsAsContext() {
        boolean[][] selected = none(1, 8);
        java.util.Arrays.fill(selected[0], true);
        List<Step> steps = StepPlanner.plan(selected, new boolean[]{true}, new boolean[1], 4, 2);
        assertThat(steps).extracting(Step::windowStart).containsExactly(0, 2, 4);
        assertThat(steps.get(1).targets()).containsExactly(new BarCell(0, 4), new BarCell(0, 5));
        assertThat(steps.get(1).infill()).isTrue();
    }

    @Test
    void ignoredTracksAreNeverShown() {
        boolean[][] selected = none(3, 4);
        selected[0][2] = true;
        List<Step> steps = StepPlanner.plan(selected, new boolean[3], new boolean[]{false, true, false}, 4, 4);
        assertThat(steps.get(0).tracks()).containsExactly(0, 2);
    }

    @Test
    void everySelectedCellIsGeneratedExactlyOnce() {
        java.util.Random random = new java.util.Random(3);
        for (int run = 0; run < 200; run++) {
            int tracks = 1 + random.nextInt(5);
            int bars = 4 + random.nextInt(20);
            int dim = random.nextBoolean() ? 4 : 8;
            if (bars < dim) bars = dim;
            boolean[][] selected = none(tracks, bars);
            boolean[] autoregressive = new boolean[tracks];
            for (int t = 0; t < tracks; t++) {
                autoregressive[t] = random.nextInt(3) == 0;
                for (int b = 0; b < bars; b++) selected[t][b] = autoregressive[t] || random.nextInt(4) == 0;
            }
            List<Step> steps = StepPlanner.plan(selected, autoregressive, new boolean[tracks], dim, 1 + random.nextInt(dim));
            int[][] seen = new int[tracks][bars];
            for (Step step : steps) {
                for (BarCell c : step.targets()) {
                    seen[c.track()][c.bar()]++;
                    assertThat(c.bar()).isBetween(step.windowStart(), step.windowStart() + dim - 1);
                }
            }
            for (int t = 0; t < tracks; t++) {
                for (int b = 0; b < bars; b++) assertThat(seen[t][b]).isEqualTo(selected[t][b] ? 1 : 0);
            }
        }
    }
}
