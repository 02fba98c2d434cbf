package cloud.wapiconnect.paging;

import java.util.List;

/** One page of a listing; {@code page} counts from 1. */
public record Page<T>(List<T> items, long total, int page, int limit) {
    public int pages() {
        return PageRequest.pages(total, limit);
    }
}
