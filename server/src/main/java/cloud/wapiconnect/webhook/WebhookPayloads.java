package cloud.wapiconnect.webhook;

import cloud.wapiconnect.event.Event;
import cloud.wapiconnect.event.EventType;
import cloud.wapiconnect.json.JsStringify;
import cloud.wapiconnect.qr.QrRenderer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON body of a webhook delivery, in the API document's shape and field order:
 * {@code {"tenantId","event","sessionId","timestamp","data":{...},"signature"}}.
 */
final class WebhookPayloads {
    static final String TEST_MESSAGE = "This is a test event from WapiConnect";

    private WebhookPayloads() {
    }

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
        if (event.type() != EventType.QR) {
            return event.data();
        }
        // The log keeps the QR string; the image is rendered for each delivery rather than stored.
        Map<String, Object> data = new LinkedHashMap<>();
        String qr = (String) event.data().get("qr");
        data.put("qrCode", QrRenderer.dataUrl(qr));
        data.put("qr", qr);
        return data;
    }
}
