package io.polyphon.storage.web;

import java.util.List;

/**
 * One page of a list the gateway reads: the items, which page of what size, and how many there are in all.
 *
 * @param page  zero-based page number
 * @param total items in all pages
 */
public record Page<T>(List<T> items, int page, int size, long total) {

    public Page {
        items = List.copyOf(items);
    }

    /** How many items come before page {@code page} of {@code size}; a page far past the end skips everything. */
    public static int skip(int page, int size) {
        return (int) Math.min((long) page * size, Integer.MAX_VALUE);
    }
}
