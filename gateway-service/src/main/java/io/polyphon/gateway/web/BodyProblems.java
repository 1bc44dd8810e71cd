package io.polyphon.gateway.web;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.MismatchedInputException;

import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Says what was wrong with a JSON body in the API's own terms: the field's path as the client wrote it
 * ({@code tracks[0].bars[2]}) and the kind of value it takes, never the Java type or class it maps to, which is
 * ours, not the client's.
 */
final class BodyProblems {

    private BodyProblems() {
    }

    /** The reason for a body that could not be read, from the first Jackson exception in {@code failure}'s causes. */
    static String detail(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof JacksonException jackson) return detail(jackson);
        }
        return "The body could not be read as JSON.";
    }

    private static String detail(JacksonException e) {
        String at = path(e);
        if (e instanceof StreamConstraintsException) {
            return "The body nests too deep or holds a value too long to read.";
        }
        if (e instanceof StreamReadException) {
            return "The body is not valid JSON" + location(e) + ".";
        }
        if (e instanceof InvalidNullException || (e.getCause() instanceof NullPointerException)) {
            return (at.isEmpty() ? "A value" : "'" + at + "'") + " is null or holds a null entry, which is not allowed.";
        }
        if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
            return (at.isEmpty() ? "The body" : "'" + at + "'") + " must be " + kind(mismatched.getTargetType()) + ".";
        }
        return at.isEmpty() ? "The body does not have the shape this endpoint reads."
                : "'" + at + "' does not have the shape this endpoint reads.";
    }

    private static String location(JacksonException e) {
        var location = e.getLocation();
        if (location == null || location.getLineNr() < 1) return "";
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** The JSON path of the failing value: property names and array indexes. */
    static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) path.append('.');
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** A type as a JSON value's kind, in words. */
    static String kind(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name().toLowerCase())
                    .collect(Collectors.joining(", "));
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class) {
            return "a whole number (within range)";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) return "a number";
        if (type == Boolean.class || type == boolean.class) return "true or false";
        if (type == String.class || type == CharSequence.class) return "a string";
        if (type.isArray() || Collection.class.isAssignableFrom(type)) return "an array";
        return Map.class.isAssignableFrom(type) || type.isRecord() ? "an object" : "a value of another kind";
    }
}
