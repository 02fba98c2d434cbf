package cloud.wapiconnect.webhook;

import cloud.wapiconnect.event.Event;
import cloud.wapiconnect.event.EventData;
import cloud.wapiconnect.event.EventJson;
import cloud.wapiconnect.json.JsStringify;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON body of a webhook delivery, in the API document's shape and field order:
 * {@code {"tenantId","event","sessionId","timestamp","data":{...},"signature"}}.
 */
final class WebhookPayloads {
    static final String TEST_MESSAGE = "This is a test event from WapiConnect";

    private WebhookPayloads() {}

    /** The body without its signature, serialized once as JSON.stringify would. */
    static String unsigned(Event event) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("tenantId", event.tenantId());
        payload.put("event", event.type().wireName());
        payload.put("sessionId", event.sessionId().isEmpty() ? null : event.sessionId());
        payload.put("timestamp", event.timestamp());
        payload.put("data", data(event));
        return JsStringify.stringify(payload);
    }

    /** The body sent: the unsigned body with {@code "signature"} appended inside its closing brace. */
    static String signed(String unsigned, String signature) {
        return unsigned.substring(0, unsigned.length() - 1) + ",\"signature\":\"" + signature + "\"}";
    }

    private static Map<String, Object> data(Event event) {
        if (!(event.data() instanceof EventData.Qr qr)) {
            return EventJson.toMap(event.data());
        }
        // The log keeps the QR string; webhooks also carry its image.
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("qrCode", qr.code().dataUrl());
        data.put("qr", qr.code().text());
        return data;
    }
}
