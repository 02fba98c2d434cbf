package cloud.wapiconnect.portal;

import cloud.wapiconnect.message.Direction;
import cloud.wapiconnect.message.LoggedMessage;
import cloud.wapiconnect.rest.dto.MessageJson;
import cloud.wapiconnect.session.SessionView;
import cloud.wapiconnect.webhook.Delivery;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Domain values as the portal's templates and live calls show them. */
final class PortalViews {
    private PortalViews() {}

    static List<Map<String, Object>> sessions(List<SessionView> views) {
        return views.stream().map(PortalViews::session).toList();
    }

    static Map<String, Object> session(SessionView view) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sessionId", view.sessionId());
        m.put("name", view.name() == null ? "" : view.name());
        m.put("status", view.status().wireName());
        m.put("statusLabel", label(view));
        m.put("connected", view.connected());
        m.put("phoneNumber", view.phoneNumber() == null ? "" : "+" + view.phoneNumber());
        m.put("qrDataUrl", view.qrImage() == null ? null : view.qrImage().dataUrl());
        m.put("reason", view.reason() == null ? "" : view.reason());
        return m;
    }

    private static String label(SessionView view) {
        return switch (view.status()) {
            case INITIALIZING -> "Starting…";
            case QR_READY -> "Waiting for the QR code to be scanned";
            case AUTHENTICATED -> "Scanned; connecting…";
            case READY -> "Connected as +" + view.phoneNumber();
            case DISCONNECTED ->
                "Disconnected"
                        + (view.reason() == null ? "" : " (" + view.reason().replace('_', ' ') + ")");
        };
    }

    static List<Map<String, Object>> deliveries(List<Delivery> deliveries) {
        return deliveries.stream()
                .map(d -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("eventId", d.eventId());
                    m.put("event", d.event());
                    m.put("status", d.status());
                    m.put("delivered", "delivered".equals(d.status()));
                    m.put("attempts", d.attempts());
                    m.put("httpStatus", d.lastHttpStatus() == null ? "—" : String.valueOf(d.lastHttpStatus()));
                    m.put("lastError", d.lastError() == null ? "" : d.lastError());
                    m.put("createdAt", MessageJson.iso(d.createdAt()));
                    return m;
                })
                .toList();
    }

    static List<Map<String, Object>> messages(List<LoggedMessage> messages) {
        return messages.stream()
                .map(msg -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("sessionId", msg.sessionId());
                    m.put("direction", msg.direction().wireName());
                    m.put("incoming", msg.direction() == Direction.INCOMING);
                    m.put("type", msg.type());
                    m.put("peer", msg.direction() == Direction.INCOMING ? msg.from() : msg.to());
                    m.put("body", msg.body() == null ? "" : msg.body());
                    m.put("status", msg.status().wireName());
                    m.put("createdAt", MessageJson.iso(msg.createdAt()));
                    return m;
                })
                .toList();
    }
}
