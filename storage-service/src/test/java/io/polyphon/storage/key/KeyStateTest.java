package io.polyphon.storage.key;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyStateTest {

    /** Every (from, to) pair: exactly the table's moves are allowed, and a refused move names both states. */
    @Test
    void exactlyTheTablesMovesAreAllowed() {
        Set<String> allowed = Set.of("ACTIVE>ACTIVE", "ACTIVE>REVOKED");
        for (KeyState from : KeyState.values()) {
            for (KeyState to : KeyState.values()) {
                assertThat(from.canMoveTo(to)).as(from + ">" + to).isEqualTo(allowed.contains(from + ">" + to));
                if (allowed.contains(from + ">" + to)) {
                    assertThat(from.moveTo(to)).isEqualTo(to);
                } else {
                    assertThatThrownBy(() -> from.moveTo(to)).isInstanceOfSatisfying(IllegalKeyTransitionException.class,
                            e -> assertThat(e.from() + ">" + e.to()).isEqualTo(from + ">" + to));
                }
            }
        }
    }
}
