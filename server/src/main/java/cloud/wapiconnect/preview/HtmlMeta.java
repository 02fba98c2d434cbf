package cloud.wapiconnect.preview;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a page says about itself in its head: og:title (else its title element), og:description (else the meta
 * description) and og:image. A tolerant scan rather than a parser: attributes in any order and quoting,
 * any case, comments and scripts skipped, entities decoded; it stops at the body.
 *
 * @param title       collapsed and shortened, or null when the page has none
 * @param description collapsed and shortened, or null
 * @param image       og:image as written (maybe relative), or null
 */
record HtmlMeta(String title, String description, String image) {
    static final int MAX_TITLE = 200;
    static final int MAX_DESCRIPTION = 500;

    static HtmlMeta parse(String html) {
        Map<String, String> meta = new LinkedHashMap<>();
        String titleElement = null;
        int i = 0;
        while ((i = html.indexOf('<', i)) >= 0) {
            if (html.startsWith("<!--", i)) {
                int end = html.indexOf("-->", i + 4);
                i = end < 0 ? html.length() : end + 3;
            } else if (isTag(html, i, "script") || isTag(html, i, "style")) {
                String name = isTag(html, i, "script") ? "</script" : "</style";
                int end = indexOfIgnoreCase(html, name, i + 1);
                i = end < 0 ? html.length() : end + 1;
            } else if (isTag(html, i, "meta")) {
                int end = tagEnd(html, i);
                Map<String, String> attributes = attributes(html, i + 5, end);
                String key = attributes.getOrDefault("property", attributes.get("name"));
                String content = attributes.get("content");
                if (key != null && content != null) {
                    meta.putIfAbsent(key.strip().toLowerCase(Locale.ROOT), content);
                }
                i = end;
            } else if (isTag(html, i, "title")) {
                int start = tagEnd(html, i) + 1;
                int end = indexOfIgnoreCase(html, "</title", start);
                if (titleElement == null && start <= html.length()) {
                    titleElement = html.substring(Math.min(start, html.length()), end < 0 ? html.length() : end);
                }
                i = end < 0 ? html.length() : end + 1;
            } else if (isTag(html, i, "body") || isTag(html, i, "/head")) {
                break;
            } else {
                i++;
            }
        }
        String title =
                clean(meta.getOrDefault("og:title", meta.getOrDefault("twitter:title", titleElement)), MAX_TITLE);
        String description = clean(meta.getOrDefault("og:description", meta.get("description")), MAX_DESCRIPTION);
        String image = clean(
                meta.getOrDefault("og:image", meta.getOrDefault("og:image:url", meta.get("twitter:image"))), 2048);
        return new HtmlMeta(title, description, image);
    }

    /** Whether a tag named {@code name} opens at {@code at} (the name followed by a space, '/' or '>'). */
    private static boolean isTag(String html, int at, String name) {
        int after = at + 1 + name.length();
        if (!html.regionMatches(true, at + 1, name, 0, name.length())) {
            return false;
        }
        return after >= html.length()
                || Character.isWhitespace(html.charAt(after))
                || html.charAt(after) == '/'
                || html.charAt(after) == '>';
    }

    /** The index of the '>' closing the tag opened at {@code at} (quoted '>' skipped), or the text's end. */
    private static int tagEnd(String html, int at) {
        char quote = 0;
        for (int i = at + 1; i < html.length(); i++) {
            char c = html.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                return i;
            }
        }
        return html.length();
    }

    /** A tag's attributes between {@code from} and {@code end}, names in lower case, the first of each kept. */
    private static Map<String, String> attributes(String html, int from, int end) {
        Map<String, String> attributes = new LinkedHashMap<>();
        int i = from;
        while (i < end) {
            char c = html.charAt(i);
            if (Character.isWhitespace(c) || c == '/') {
                i++;
                continue;
            }
            int nameStart = i;
            while (i < end
                    && !Character.isWhitespace(html.charAt(i))
                    && html.charAt(i) != '='
                    && html.charAt(i) != '>') {
                i++;
            }
            String name = html.substring(nameStart, i).toLowerCase(Locale.ROOT);
            while (i < end && Character.isWhitespace(html.charAt(i))) {
                i++;
            }
            String value = "";
            if (i < end && html.charAt(i) == '=') {
                i++;
                while (i < end && Character.isWhitespace(html.charAt(i))) {
                    i++;
                }
                if (i < end && (html.charAt(i) == '"' || html.charAt(i) == '\'')) {
                    char quote = html.charAt(i);
                    int close = html.indexOf(quote, i + 1);
                    close = close < 0 || close > end ? end : close;
                    value = html.substring(i + 1, close);
                    i = close + 1;
                } else {
                    int valueStart = i;
                    while (i < end && !Character.isWhitespace(html.charAt(i))) {
                        i++;
                    }
                    value = html.substring(valueStart, i);
                }
            }
            if (!name.isEmpty()) {
                attributes.putIfAbsent(name, value);
            }
        }
        return attributes;
    }

    private static int indexOfIgnoreCase(String html, String needle, int from) {
        for (int i = Math.max(0, from); i + needle.length() <= html.length(); i++) {
            if (html.regionMatches(true, i, needle, 0, needle.length())) {
                return i;
            }
        }
        return -1;
    }

    /** Entities decoded, white space collapsed, cut to {@code max} characters; null when nothing is left. */
    static String clean(String raw, int max) {
        if (raw == null) {
            return null;
        }
        String text = String.join(" ", decode(raw).strip().split("\\s+"));
        if (text.isEmpty()) {
            return null;
        }
        return text.length() <= max ? text : text.substring(0, max - 1).strip() + "…";
    }

    private static String decode(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int semi = c == '&' ? s.indexOf(';', i) : -1;
            if (semi > i && semi - i <= 10) {
                String entity = s.substring(i + 1, semi);
                String decoded = entity(entity);
                if (decoded != null) {
                    out.append(decoded);
                    i = semi + 1;
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    private static String entity(String name) {
        switch (name) {
            case "amp":
                return "&";
            case "lt":
                return "<";
            case "gt":
                return ">";
            case "quot":
                return "\"";
            case "apos":
                return "'";
            case "nbsp":
                return " ";
            default:
                break;
        }
        try {
            int code = name.startsWith("#x") || name.startsWith("#X")
                    ? Integer.parseInt(name.substring(2), 16)
                    : name.startsWith("#") ? Integer.parseInt(name.substring(1)) : -1;
            return code > 0 && Character.isValidCodePoint(code) ? new String(Character.toChars(code)) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
