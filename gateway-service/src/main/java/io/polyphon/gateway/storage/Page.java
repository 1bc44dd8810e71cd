package io.polyphon.gateway.storage;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** One page of a listing. {@code total} counts every item, so a client knows how many pages there are. */
@Schema(description = "One page of a listing")
public record Page<T>(
        @Schema(description = "This page's items") List<T> items,
        @Schema(description = "The page number, from 0", minimum = "0") int page,
        @Schema(description = "The most items a page holds, 1..1000", minimum = "1", maximum = "1000") int size,
        @Schema(description = "Items in all pages", minimum = "0") long total) {
}
