package io.polyphon.mmm.vocab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.polyphon.mmm.vocab.TokenType.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VocabularyTest {

    private final Vocabulary legacy = Vocabulary.of(IdLayout.LEGACY);
    private final Vocabulary y2026 = Vocabulary.of(IdLayout.MIDIGPT_2026);

    @Test
    void legacyLayoutPlacesEveryTypeWhereMmmApiDoes() {
        assertThat(legacy.offset(PIECE_START)).isEqualTo(0);
        assertThat(legacy.offset(NUM_BARS)).isEqualTo(2);
        assertThat(legacy.offset(BAR)).isEqualTo(4);
        assertThat(legacy.offset(BAR_END)).isEqualTo(5);
        assertThat(legacy.offset(TIME_SIGNATURE)).isEqualTo(6);
        assertThat(legacy.offset(TRACK)).isEqualTo(42);
        assertThat(legacy.offset(TRACK_END)).isEqualTo(44);
        assertThat(legacy.offset(INSTRUMENT)).isEqualTo(45);
        assertThat(legacy.offset(NOTE_ONSET)).isEqualTo(154);
        assertThat(legacy.offset(NOTE_DURATION)).isEqualTo(282);
        assertThat(legacy.offset(TIME_ABSOLUTE)).isEqualTo(378);
        assertThat(legacy.offset(FILL_IN_PLACEHOLDER)).isEqualTo(570);
        assertThat(legacy.offset(MIN_NOTE_DURATION)).isEqualTo(573);
        assertThat(legacy.offset(MAX_NOTE_DURATION)).isEqualTo(579);
        assertThat(legacy.offset(MIN_POLYPHONY)).isEqualTo(585);
        assertThat(legacy.offset(MAX_POLYPHONY)).isEqualTo(595);
        assertThat(legacy.offset(DENSITY_LEVEL)).isEqualTo(605);
        assertThat(legacy.offset(VELOCITY_LEVEL)).isEqualTo(615);
    }

    @Test
    void layout2026PlacesEveryTypeWhereMidiGptDoes() {
        assertThat(y2026.offset(TRACK)).isEqualTo(2);
        assertThat(y2026.offset(TRACK_END)).isEqualTo(4);
        assertThat(y2026.offset(BAR)).isEqualTo(5);
        assertThat(y2026.offset(BAR_END)).isEqualTo(6);
        assertThat(y2026.offset(TIME_SIGNATURE)).isEqualTo(7);
        assertThat(y2026.offset(INSTRUMENT)).isEqualTo(43);
        assertThat(y2026.offset(NUM_BARS)).isEqualTo(152);
        assertThat(y2026.offset(NOTE_ONSET)).isEqualTo(154);
        assertThat(y2026.offset(VELOCITY_LEVEL)).isEqualTo(570);
        assertThat(y2026.offset(FILL_IN_PLACEHOLDER)).isEqualTo(602);
        assertThat(y2026.offset(FILL_IN_END)).isEqualTo(604);
        assertThat(y2026.offset(DENSITY_LEVEL)).isEqualTo(605);
        assertThat(y2026.offset(MIN_POLYPHONY)).isEqualTo(615);
        assertThat(y2026.offset(MAX_POLYPHONY)).isEqualTo(625);
        assertThat(y2026.offset(MIN_NOTE_DURATION)).isEqualTo(635);
        assertThat(y2026.offset(MAX_NOTE_DURATION)).isEqualTo(641);
    }

    @ParameterizedTest
    @EnumSource(IdLayout.class)
    void everyIdNamesOneTokenAndBack(IdLayout layout) {
        Vocabulary vocabulary = Vocabulary.of(layout);
        for (int id = 0; id < Vocabulary.SIZE; id++) {
            assertThat(vocabulary.id(vocabulary.token(id))).isEqualTo(id);
        }
    }

    @Test
    void layoutsAreSelectedByTheNamesModelsDeclare() {
        assertThat(IdLayout.byName("legacy")).isEqualTo(IdLayout.LEGACY);
        assertThat(IdLayout.byName("2026")).isEqualTo(IdLayout.MIDIGPT_2026);
        assertThatThrownBy(() -> IdLayout.byName("2025")).hasMessageContaining("legacy or 2026");
    }

    @Test
    void idsOutsideTheVocabularyAreRefused() {
        assertThatThrownBy(() -> legacy.token(647)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Token(NOTE_DURATION, 96)).isInstanceOf(IllegalArgumentException.class);
    }
}
