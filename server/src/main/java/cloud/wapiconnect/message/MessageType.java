package cloud.wapiconnect.message;

import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.media.MediaKind;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Every message type a send takes, in the order the OpenAPI document's {@code MessageFields.type} lists them
 * (OpenApiIT), with what each may do: carry media, mention people, go out in a bulk job, be simulated as
 * incoming by the sandbox.
 */
public enum MessageType {
    TEXT(null, Capability.MENTIONS, Capability.BULK, Capability.INCOMING),
    IMAGE(MediaKind.IMAGE, Capability.MENTIONS, Capability.BULK, Capability.INCOMING),
    VIDEO(MediaKind.VIDEO, Capability.MENTIONS, Capability.BULK, Capability.INCOMING),
    DOCUMENT(MediaKind.DOCUMENT, Capability.MENTIONS, Capability.BULK, Capability.INCOMING),
    AUDIO(MediaKind.AUDIO, Capability.BULK, Capability.INCOMING),
    STICKER(MediaKind.STICKER, Capability.BULK, Capability.INCOMING),
    POLL(null, Capability.BULK),
    LOCATION(null, Capability.INCOMING),
    CONTACT(null, Capability.INCOMING),
    REACTION(null, Capability.INCOMING);

    private enum Capability {
        MENTIONS,
        BULK,
        INCOMING
    }

    private final MediaKind mediaKind;
    private final List<Capability> capabilities;

    MessageType(MediaKind mediaKind, Capability... capabilities) {
        this.mediaKind = mediaKind;
        this.capabilities = List.of(capabilities);
    }

    /** The name on the wire: {@code text}, {@code image}, … */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind of media the type carries; empty for types without media. */
    public Optional<MediaKind> mediaKind() {
        return Optional.ofNullable(mediaKind);
    }

    /** Whether it may mention people: text, and media with a caption (image, video, document). */
    public boolean takesMentions() {
        return capabilities.contains(Capability.MENTIONS);
    }

    /** Whether a bulk job may send it: text, media, stickers and polls. */
    public boolean bulk() {
        return capabilities.contains(Capability.BULK);
    }

    /** Whether the sandbox can simulate someone sending it: everything but polls. */
    public boolean simulatedIncoming() {
        return capabilities.contains(Capability.INCOMING);
    }

    /** The type of that wire name, exactly (no trimming, no case folding). */
    public static Optional<MessageType> fromWire(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName().equals(name)).findFirst();
    }

    /**
     * The type a send names: absent or blank is {@code text}; white space around the name is ignored.
     *
     * @throws WapiException {@code UNSUPPORTED_MESSAGE_TYPE}
     */
    public static MessageType parse(String type) {
        String name = type == null || type.isBlank() ? TEXT.wireName() : type.trim();
        return fromWire(name)
                .orElseThrow(() -> new WapiException(
                        ErrorCode.UNSUPPORTED_MESSAGE_TYPE,
                        "type '" + name + "' is not supported; supported types: " + String.join(", ", wireNames())));
    }

    /** Every wire name, in order. */
    public static List<String> wireNames() {
        return wireNames(t -> true);
    }

    /** The wire names of the types that {@code which}, in order. */
    public static List<String> wireNames(Predicate<MessageType> which) {
        return Arrays.stream(values()).filter(which).map(MessageType::wireName).toList();
    }
}
