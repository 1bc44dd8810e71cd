package io.polyphon.storage.key;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API key secrets: {@code pk_} and 32 random bytes in base64url (43 characters), and the SHA-256 that is all storage
 * keeps of one. A plain hash, not a slow one, is enough: the secret is 256 random bits, not a password to guess.
 */
final class Secrets {

    static final String PREFIX = "pk_";

    private final SecureRandom random = new SecureRandom();

    String next() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The SHA-256 of the secret as lowercase hex. */
    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
