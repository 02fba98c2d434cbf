package cloud.wapiconnect.message;

import cloud.wapiconnect.engine.OutgoingContent;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.media.Media;
import cloud.wapiconnect.whatsapp.Location;
import cloud.wapiconnect.whatsapp.MessageRef;
import java.util.Optional;

/** A location: coordinates with an optional name and address. */
public record LocationDraft(Location location, DraftOptions options) implements MessageDraft {

    /** @throws WapiException {@code INVALID_REQUEST}: coordinates missing or out of range, name or address too long */
    static LocationDraft of(MessageFields f, DraftOptions options) {
        if (f.latitude() == null || f.latitude().isNaN() || f.latitude() < -90 || f.latitude() > 90) {
            throw WapiException.invalid("latitude is required for type location, between -90 and 90");
        }
        if (f.longitude() == null || f.longitude().isNaN() || f.longitude() < -180 || f.longitude() > 180) {
            throw WapiException.invalid("longitude is required for type location, between -180 and 180");
        }
        return new LocationDraft(
                new Location(
                        f.latitude(),
                        f.longitude(),
                        MessageTexts.optionalText("name", f.name()),
                        MessageTexts.optionalText("address", f.address())),
                options);
    }

    @Override
    public MessageType type() {
        return MessageType.LOCATION;
    }

    @Override
    public OutgoingContent content(Optional<Media> media, MessageRef reactionTarget) {
        return new OutgoingContent.LocationMessage(location);
    }
}
