package cloud.wapiconnect.rest.dto;

import cloud.wapiconnect.session.CreatedSession;
import cloud.wapiconnect.session.SessionView;
import cloud.wapiconnect.whatsapp.SendingLimits;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A session as the API document shows it: {@code status} first, then what that status has to say. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Session")
public record SessionJson(
        String status,
        String qrCode,
        String qr,
        boolean connected,
        String phoneNumber,
        String reason,
        String sessionId,
        String name,
        Limits limits) {
    public static SessionJson of(SessionView s) {
        return new SessionJson(
                s.status().wireName(),
                s.qrImage() == null ? null : s.qrImage().dataUrl(),
                s.qr(),
                s.connected(),
                s.phoneNumber(),
                s.reason(),
                s.sessionId(),
                s.name(),
                s.limits() == null ? null : Limits.of(s.limits()));
    }

    /** What WhatsApp allows the number to send: {@code reachOutUntil} only while {@code time_locked}, when known. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "SessionLimits")
    public record Limits(String reachOut, String reachOutUntil, String newChats) {
        public static Limits of(SendingLimits l) {
            return new Limits(
                    l.reachOut().wireName(),
                    l.reachOutUntil() == null ? null : MessageJson.iso(l.reachOutUntil()),
                    l.newChats().wireName());
        }
    }

    @Schema(name = "CreatedSession")
    public record Created(boolean success, String sessionId, boolean isNew, String status) {
        public static Created of(CreatedSession c) {
            return new Created(true, c.sessionId(), c.isNew(), c.status().wireName());
        }
    }

    public record Disconnected(
            boolean success, @JsonUnwrapped SessionJson session) {
        public static Disconnected of(SessionView s) {
            return new Disconnected(true, SessionJson.of(s));
        }
    }

    public record PairingCode(boolean success, String sessionId, String pairingCode) {}

    public record Deleted(boolean success, String sessionId) {}

    public record Sessions(List<SessionJson> sessions) {}
}
