package io.polyphon.gateway.storage;

import java.util.List;

/** One page of a listing. {@code total} counts every item, so a client knows how many pages there are. */
public record Page<T>(List<T> items, int page, int size, long total) {
}
