package cloud.wapiconnect.rest.dto;

import cloud.wapiconnect.engine.sandbox.SandboxDeliveryRepository;
import cloud.wapiconnect.json.Json;
import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the sandbox's control panel answers. */
public final class SandboxJson {
    private SandboxJson() {}

    public record Incoming(boolean success, String messageId) {}

    public record GroupAdded(boolean success, String groupJid) {}

    public record Deliveries(List<Delivered> messages) {}

    /**
     * A message as the simulated phone received it. The poll and the details are the sandbox's stored JSON,
     * shown as they are: the details' keys sit before {@code createdAt}, which only an any-getter can place
     * (Jackson writes it after the named properties), so both travel in {@link #detailsThenCreatedAt}.
     */
    @Schema(name = "SandboxDelivery")
    public record Delivered(
            String messageId,
            String to,
            String type,
            String message,
            @JsonUnwrapped Media media,
            @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> poll,
            @JsonIgnore Map<String, Object> details,
            @JsonIgnore String createdAt) {
        public static Delivered of(SandboxDeliveryRepository.Delivery d) {
            return new Delivered(
                    d.messageId(),
                    d.to(),
                    d.type(),
                    d.body(),
                    d.mimeType() == null
                            ? null
                            : new Media(d.mimeType(), d.size(), d.sha256(), d.fileName(), d.voiceNote()),
                    d.poll() == null ? null : Json.readObject(d.poll()),
                    d.details() == null ? Map.of() : Json.readObject(d.details()),
                    Instant.ofEpochMilli(d.createdAt()).toString());
        }

        @JsonAnyGetter
        public Map<String, Object> detailsThenCreatedAt() {
            Map<String, Object> tail = new LinkedHashMap<>(details);
            tail.put("createdAt", createdAt);
            return tail;
        }
    }

    /** A media message's file, shown only when there is one. */
    public record Media(String mimeType, Long size, String sha256, String fileName, Boolean voiceNote) {}
}
