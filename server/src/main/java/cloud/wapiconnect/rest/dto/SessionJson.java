package cloud.wapiconnect.rest.dto;

import cloud.wapiconnect.session.SessionView;
import java.util.LinkedHashMap;
import java.util.Map;

/** A session as the API document shows it: {@code status} first, then what that status has to say. */
public final class SessionJson {
    private SessionJson() {}

    public static Map<String, Object> of(SessionView s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", s.status().wireName());
        if (s.qrImage() != null) {
            json.put("qrCode", s.qrImage().dataUrl());
        }
        if (s.qr() != null) {
            json.put("qr", s.qr());
        }
        json.put("connected", s.connected());
        if (s.phoneNumber() != null) {
            json.put("phoneNumber", s.phoneNumber());
        }
        if (s.reason() != null) {
            json.put("reason", s.reason());
        }
        json.put("sessionId", s.sessionId());
        if (s.name() != null) {
            json.put("name", s.name());
        }
        return json;
    }
}
