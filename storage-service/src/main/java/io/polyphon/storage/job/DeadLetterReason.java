package io.polyphon.storage.job;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sentence a job's owner reads when a dead letter failed the job, made from the exception text the binder
 * recorded. That text is written for the operator: Spring's wrapper ("error occurred in message handler [...]"),
 * exception class names, a JSON reader's type names and source positions. The owner gets what went wrong with the
 * message; the operator still finds the whole text in the log.
 */
final class DeadLetterReason {

    /** Spring Integration's wrapper around the handler's own failure. */
    private static final Pattern HANDLER_WRAPPER = Pattern.compile("^error occurred in message handler \\[[^\\]]*];\\s*");
    /** A leading exception class name: {@code java.lang.IllegalStateException: }. */
    private static final Pattern EXCEPTION_PREFIX = Pattern.compile("^(?:[\\w$]+\\.)*[\\w$]*(?:Exception|Error):\\s*");
    /** Jackson's messages about input it could not map, and the reference chain that says where. */
    private static final Pattern UNREADABLE = Pattern.compile("^(?:Cannot construct instance of|Cannot deserialize|"
            + "Unrecognized field|Unexpected character|Unexpected end-of-input|Missing required creator property|"
            + "Cannot map|Unrecognized token)");
    private static final Pattern FIELD = Pattern.compile("\\[\"([^\"]+)\"]");
    private static final Pattern CHAIN = Pattern.compile("\\(through reference chain: ([^)]*)\\)");

    private DeadLetterReason() {
    }

    /** The owner's sentence for {@code reason} (not blank). */
    static String readable(String reason) {
        String text = reason.strip();
        text = HANDLER_WRAPPER.matcher(text).replaceFirst("");
        for (Matcher m = EXCEPTION_PREFIX.matcher(text); m.lookingAt(); m = EXCEPTION_PREFIX.matcher(text)) {
            text = text.substring(m.end());
        }
        if (UNREADABLE.matcher(text).lookingAt()) return unreadable(text);
        int line = text.indexOf('\n');
        return line < 0 ? text : text.substring(0, line).strip();
    }

    /** "its content could not be read", and at which field where the reader said so. */
    private static String unreadable(String text) {
        Matcher chain = CHAIN.matcher(text);
        if (!chain.find()) return "its content could not be read";
        StringBuilder path = new StringBuilder();
        for (Matcher field = FIELD.matcher(chain.group(1)); field.find(); ) {
            if (!path.isEmpty()) path.append('.');
            path.append(field.group(1));
        }
        return path.isEmpty() ? "its content could not be read" : "its content could not be read at \"" + path + "\"";
    }
}
