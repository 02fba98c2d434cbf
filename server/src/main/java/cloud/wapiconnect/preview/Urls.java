package cloud.wapiconnect.preview;

import java.util.Locale;
import java.util.Optional;

/** Finding the URL a text's preview is of. */
final class Urls {
    private static final String TRAILING = ".,;:!?'\")]}>*_~";

    private Urls() {}

    /** The first http(s) URL in {@code text} as it appears there, without trailing punctuation. */
    static Optional<String> first(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            int schemeLength = text.regionMatches(true, i, "https://", 0, 8)
                    ? 8
                    : text.regionMatches(true, i, "http://", 0, 7) ? 7 : 0;
            if (schemeLength == 0 || (i > 0 && Character.isLetterOrDigit(text.charAt(i - 1)))) {
                continue;
            }
            int end = i + schemeLength;
            while (end < text.length() && !Character.isWhitespace(text.charAt(end)) && text.charAt(end) != '<') {
                end++;
            }
            while (end > i + schemeLength && TRAILING.indexOf(text.charAt(end - 1)) >= 0) {
                end--;
            }
            if (end > i + schemeLength) {
                return Optional.of(text.substring(i, end));
            }
        }
        return Optional.empty();
    }

    /** The URL with a lower-case scheme, as the fetcher expects it. */
    static String withScheme(String url) {
        int colon = url.indexOf(':');
        return url.substring(0, colon).toLowerCase(Locale.ROOT) + url.substring(colon);
    }
}
