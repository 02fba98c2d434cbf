package cloud.wapiconnect.rest;

import cloud.wapiconnect.error.WapiException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Query parameters arrive as strings so that a bad value is our 400, not the framework's 404. */
public final class QueryParams {
    private QueryParams() {}

    public static Optional<String> optional(String value) {
        return Optional.ofNullable(value).map(String::trim).filter(s -> !s.isEmpty());
    }

    public static int intValue(String name, String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw WapiException.invalid(name + " must be a whole number");
        }
    }

    public static long longValue(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw WapiException.invalid(name + " must be a whole number");
        }
    }

    /** {@code true} or {@code false} (any case); absent or blank: {@code fallback}. */
    public static boolean booleanValue(String name, String value, boolean fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw WapiException.invalidField(name, name + " must be true or false");
        };
    }

    public static <E extends Enum<E>> E enumValue(String name, String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw WapiException.invalid(name + " must be one of "
                    + Arrays.stream(type.getEnumConstants())
                            .map(c -> c.name().toLowerCase(Locale.ROOT))
                            .toList());
        }
    }
}
