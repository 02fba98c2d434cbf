package cloud.wapiconnect.paging;

import cloud.wapiconnect.error.WapiException;

/**
 * Which page of a listing a client asked for: the one paging type of every list call, REST and gRPC.
 * A request that exists is valid: {@code page} from 1 to {@link Integer#MAX_VALUE} and {@code limit}
 * within its listing's {@link PageSize}. The offset is computed in {@code long}, so no page number can
 * overflow into a negative offset; a page past the last item is an empty page, as it would be one
 * page past the end.
 */
public record PageRequest(int page, int limit) {
    /**
     * @throws WapiException {@code INVALID_REQUEST} (details: {@code field}) for a page below 1 or a limit below 1
     */
    public PageRequest {
        if (page < 1) {
            throw WapiException.invalidField("page", "page must be a whole number from 1 to " + Integer.MAX_VALUE);
        }
        if (limit < 1) {
            throw WapiException.invalidField("limit", "limit must be a whole number of 1 or more");
        }
    }

    /**
     * A page request from query parameters as a client typed them; absent or blank means page 1 and the
     * listing's default size.
     *
     * @throws WapiException {@code INVALID_REQUEST} (details: {@code field}: {@code page} or {@code limit})
     *                       for a value that is not a whole number or out of range
     */
    public static PageRequest parse(String page, String limit, PageSize size) {
        return of(number("page", page, 1), number("limit", limit, size.defaultLimit()), size);
    }

    /**
     * A page request from numbers; {@code null} means page 1 and the listing's default size.
     *
     * @throws WapiException {@code INVALID_REQUEST} (details: {@code field}) for a value out of range
     */
    public static PageRequest of(Long page, Long limit, PageSize size) {
        long p = page == null ? 1 : page;
        long l = limit == null ? size.defaultLimit() : limit;
        if (p < 1 || p > Integer.MAX_VALUE) {
            throw WapiException.invalidField("page", "page must be a whole number from 1 to " + Integer.MAX_VALUE);
        }
        if (l < 1 || l > size.maxLimit()) {
            throw WapiException.invalidField("limit", "limit must be a whole number from 1 to " + size.maxLimit());
        }
        return new PageRequest((int) p, (int) l);
    }

    /** The number of items before this page. */
    public long offset() {
        return (page - 1L) * limit;
    }

    /**
     * Whether this page lies past the last of {@code total} items, so that it is empty without a query.
     * Also true past the largest offset a query can take (2^31 - 1 rows), which no listing reaches.
     */
    public boolean pastEnd(long total) {
        return offset() >= total || offset() > Integer.MAX_VALUE;
    }

    /** The offset for a query; only for a page that is not {@link #pastEnd past the end}. */
    public int firstResult() {
        return Math.toIntExact(offset());
    }

    /** How many pages of {@code limit} items {@code total} items fill. */
    public static int pages(long total, int limit) {
        return (int) Math.min(Integer.MAX_VALUE, (total + limit - 1) / limit);
    }

    public int pages(long total) {
        return pages(total, limit);
    }

    private static Long number(String field, String value, long fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            // Digits too many for a long are out of range, not "not a number".
            if (value.trim().matches("[+-]?\\d+")) {
                return value.trim().startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
            throw WapiException.invalidField(field, field + " must be a whole number");
        }
    }
}
