package io.polyphon.contract;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The shared secret one service shows another over internal HTTP (the gateway calling storage and the MIDI service):
 * sent in {@link #HEADER}, compared in constant time, so that reaching a service on the network is not enough to use
 * it. Deployments hand every service the same secret ({@code POLYPHON_INTERNAL_SECRET}: a Secret in the chart, an
 * environment variable in compose, made fresh at each start by the local stack).
 */
public final class InternalCredential {

    /** The request header that carries the secret. */
    public static final String HEADER = "X-Polyphon-Internal";

    /** Fewest characters a secret may have: guessing one must be hopeless. */
    public static final int MIN_LENGTH = 16;

    private InternalCredential() {
    }

    /** Whether {@code presented} is the {@code expected} secret; the time taken does not tell how much of it matched. */
    public static boolean matches(String expected, String presented) {
        if (expected == null || expected.isEmpty() || presented == null) return false;
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }
}
