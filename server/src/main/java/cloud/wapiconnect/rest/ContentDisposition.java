package cloud.wapiconnect.rest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code Content-Disposition: attachment} with the sender's file name (RFC 6266): an ASCII fallback
 * for old clients and the UTF-8 name in {@code filename*}. The name comes from a stranger's phone, so
 * quotes, path separators and control characters never reach the header.
 */
final class ContentDisposition {
    private ContentDisposition() {}

    static String attachment(String fileName, String fallback) {
        String name = clean(fileName);
        if (name.isEmpty()) {
            name = clean(fallback);
        }
        String ascii = name.replaceAll("[^\\x20-\\x7E]", "_");
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }

    private static String clean(String name) {
        return name == null ? "" : name.replaceAll("[\\p{Cntrl}\"\\\\/]", "_").strip();
    }
}
