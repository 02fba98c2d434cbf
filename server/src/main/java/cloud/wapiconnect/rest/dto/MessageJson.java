package cloud.wapiconnect.rest.dto;

import cloud.wapiconnect.message.LoggedMessage;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/** A message-log entry as the API document shows it. */
public final class MessageJson {
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** An instant (epoch ms) as the API shows it, ISO-8601 UTC with milliseconds; null stays null. */
    public static String iso(Long millis) {
        return millis == null ? null : ISO_MILLIS.format(Instant.ofEpochMilli(millis));
    }

    private MessageJson() {}

    public static Map<String, Object> of(LoggedMessage m) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("sessionId", m.sessionId());
        json.put("to", m.to());
        json.put("from", m.from());
        json.put("message", m.body());
        json.put("status", m.status().wireName());
        json.put("type", m.type());
        json.put("direction", m.direction().wireName());
        json.put("messageId", m.messageId());
        if (m.media() != null) {
            Map<String, Object> media = new LinkedHashMap<>();
            media.put("mimeType", m.media().mimeType());
            media.put("size", m.media().size());
            media.put("fileName", m.media().fileName());
            json.put("media", media);
        }
        if (m.participant() != null) {
            json.put("participant", m.participant());
        }
        json.putAll(m.details().toMap());
        json.put("createdAt", iso(m.createdAt()));
        return json;
    }
}
