package io.polyphon.mmm.vocab;

import io.polyphon.mmm.piece.TimeSignature;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ValueTablesTest {

    @Test
    void velocity100IsLevel25AsInTheWorkedExample() {
        assertThat(VelocityLevels.level(100)).isEqualTo(25);
    }

    @Test
    void velocityLevelsHoldFourOrFiveVelocitiesAndDecodeToTheSecond() {
        assertThat(VelocityLevels.level(4)).isEqualTo(1);
        assertThat(VelocityLevels.level(5)).isEqualTo(2);
        assertThat(VelocityLevels.level(127)).isEqualTo(31);
        assertThat(VelocityLevels.velocity(1)).isEqualTo(2);
        assertThat(VelocityLevels.velocity(31)).isEqualTo(125);
        for (int level = 1; level <= 31; level++) {
            assertThat(VelocityLevels.level(VelocityLevels.velocity(level))).isEqualTo(level);
        }
    }

    @Test
    void mergedProgramsShareAGroupAndDecodeToTheFirst() {
        assertThat(Instruments.group(0)).isEqualTo(0);
        assertThat(Instruments.group(2)).isEqualTo(0);
        assertThat(Instruments.group(3)).isEqualTo(1);
        assertThat(Instruments.group(95)).isEqualTo(Instruments.group(88));
        assertThat(Instruments.group(127)).isEqualTo(108);
        assertThat(Instruments.canonicalProgram(34)).isEqualTo(33);
        assertThat(Instruments.canonicalProgram(93)).isEqualTo(88);
    }

    @Test
    void instrumentsAreFoundByTheirGeneralMidiName() {
        assertThat(Instruments.name(33)).isEqualTo("Electric Bass (finger)");
        assertThat(Instruments.programNamed("electric bass finger")).isEqualTo(33);
        assertThat(Instruments.programNamed("kazoo")).isEqualTo(-1);
    }

    @Test
    void timeSignaturesAreNumberedInSortedOrder() {
        assertThat(TimeSignatures.ALL).hasSize(36);
        assertThat(TimeSignatures.valueOf(new TimeSignature(4, 4))).contains(13);
        assertThat(TimeSignatures.valueOf(new TimeSignature(3, 4))).contains(10);
        assertThat(TimeSignatures.valueOf(new TimeSignature(6, 8))).contains(19);
        assertThat(TimeSignatures.valueOf(new TimeSignature(7, 16))).isEmpty();
    }
}
