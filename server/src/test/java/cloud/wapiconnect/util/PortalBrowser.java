package cloud.wapiconnect.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser as far as the portal's server side can tell: keeps cookies (whatever their Secure flag, as browsers
 * do for localhost), posts forms with the page's CSRF token, and does not follow redirects by itself so that
 * tests can see them.
 */
public final class PortalBrowser {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf-token\" content=\"([^\"]*)\"");

    private final URI base;
    private final HttpClient http;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    /** The Set-Cookie headers of the last response, as sent. */
    private List<String> lastSetCookies = List.of();

    public record Page(int status, String body, String location, HttpResponse<String> response) {
        public String csrf() {
            Matcher m = CSRF.matcher(body);
            if (!m.find()) {
                throw new AssertionError("No CSRF token on the page:\n" + body);
            }
            return m.group(1);
        }

        public String heading() {
            Matcher m = Pattern.compile("<h1>(.*?)</h1>").matcher(body);
            return m.find() ? m.group(1) : "";
        }

        public String alert() {
            Matcher m = Pattern.compile("role=\"alert\"[^>]*>(.*?)</div>", Pattern.DOTALL)
                    .matcher(body);
            return m.find() ? m.group(1) : "";
        }
    }

    public PortalBrowser(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * A browser on another machine, as the server sees it: its connections come from {@code from}, another
     * loopback address (127.0.0.2 ...), still to the server on 127.0.0.1.
     */
    public PortalBrowser(URI base, java.net.InetAddress from) {
        this.base = base;
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .localAddress(from)
                .build();
    }

    public Page get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    /** Opens the page, then posts the form fields with that page's CSRF token, as a browser would. */
    public Page submit(String pagePath, String action, String... fields) {
        String csrf = get(pagePath).csrf();
        String[] withToken = new String[fields.length + 2];
        withToken[0] = "csrf";
        withToken[1] = csrf;
        System.arraycopy(fields, 0, withToken, 2, fields.length);
        return post(action, Map.of(), withToken);
    }

    /** Posts exactly these fields, with these extra headers. */
    public Page post(String action, Map<String, String> headers, String... fields) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(action))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields)));
        headers.forEach(request::header);
        return send(request);
    }

    /** A file for {@link #upload}. */
    public record Upload(String field, String fileName, String contentType, byte[] content) {}

    /**
     * Posts a multipart form, as a browser posts a form with files: these text fields (name, value, ...) and
     * files, with these extra headers.
     */
    public Page upload(String action, Map<String, String> headers, List<Upload> files, String... fields) {
        String boundary = "----wapi-test-" + java.util.UUID.randomUUID();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < fields.length; i += 2) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fields[i] + "\"\r\n\r\n"
                            + fields[i + 1] + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        for (Upload file : files) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + file.field()
                            + "\"; filename=\"" + file.fileName() + "\"\r\nContent-Type: " + file.contentType()
                            + "\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.writeBytes(file.content());
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(action))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        headers.forEach(request::header);
        return send(request);
    }

    public Page follow(Page redirect) {
        if (redirect.location() == null) {
            throw new AssertionError("Not a redirect: " + redirect.status() + "\n" + redirect.body());
        }
        return get(redirect.location());
    }

    public String cookie(String name) {
        return cookies.get(name);
    }

    public void setCookie(String name, String value) {
        cookies.put(name, value);
    }

    public List<String> lastSetCookies() {
        return lastSetCookies;
    }

    private Page send(HttpRequest.Builder request) {
        if (!cookies.isEmpty()) {
            request.header(
                    "Cookie",
                    cookies.entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining("; ")));
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            lastSetCookies = response.headers().allValues("Set-Cookie");
            for (String header : lastSetCookies) {
                String pair = header.split(";", 2)[0];
                int eq = pair.indexOf('=');
                String name = pair.substring(0, eq).trim();
                String value = pair.substring(eq + 1).trim();
                if (value.isEmpty() || header.toLowerCase().contains("max-age=0")) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
            return new Page(
                    response.statusCode(),
                    response.body(),
                    response.headers().firstValue("Location").orElse(null),
                    response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String form(String... fields) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < fields.length; i += 2) {
            if (!body.isEmpty()) {
                body.append('&');
            }
            body.append(URLEncoder.encode(fields[i], StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
        }
        return body.toString();
    }
}
