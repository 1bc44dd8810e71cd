package io.polyphon.storage.key;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where an API key is in its life, with the one table of moves allowed between states. Rotating a key gives it a new
 * secret and keeps it active (its id, and so everything it owns, stays); revoking it is for good.
 */
public enum KeyState {
    /** Its secret is accepted. */
    ACTIVE,
    /** Refused from now on; kept so that its audit trail and what it owns still name it. */
    REVOKED;

    private static final Map<KeyState, Set<KeyState>> ALLOWED = Map.of(
            ACTIVE, EnumSet.of(ACTIVE, REVOKED),
            REVOKED, EnumSet.noneOf(KeyState.class));

    public boolean canMoveTo(KeyState next) {
        return ALLOWED.get(this).contains(next);
    }

    /** The state after a move to {@code next}, or the refusal of a move the table does not allow. */
    public KeyState moveTo(KeyState next) {
        if (!canMoveTo(next)) throw new IllegalKeyTransitionException(this, next);
        return next;
    }
}
