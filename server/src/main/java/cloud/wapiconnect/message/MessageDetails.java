package cloud.wapiconnect.message;

import cloud.wapiconnect.json.Json;
import cloud.wapiconnect.whatsapp.ContactCard;
import cloud.wapiconnect.whatsapp.Location;
import cloud.wapiconnect.whatsapp.Reaction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a message carries beyond its text and media, as the log, webhooks and streams show it: the
 * place, the contacts (name and phones), the reaction, the quoted message and the mentions.
 */
public record MessageDetails(
        Location location,
        List<ContactCard> contacts,
        Reaction reaction,
        String quotedMessageId,
        List<String> mentions) {
    public static final MessageDetails NONE = new MessageDetails(null, List.of(), null, null, List.of());

    public MessageDetails {
        contacts = contacts == null ? List.of() : List.copyOf(contacts);
        mentions = mentions == null ? List.of() : List.copyOf(mentions);
    }

    public boolean isEmpty() {
        return location == null
                && contacts.isEmpty()
                && reaction == null
                && quotedMessageId == null
                && mentions.isEmpty();
    }

    /** The fields that are set, under the names the API uses, in a fixed order. */
    public Map<String, Object> toMap() {
        Map<String, Object> json = new LinkedHashMap<>();
        if (location != null) {
            Map<String, Object> place = new LinkedHashMap<>();
            place.put("latitude", location.latitude());
            place.put("longitude", location.longitude());
            place.put("name", location.name());
            place.put("address", location.address());
            json.put("location", place);
        }
        if (!contacts.isEmpty()) {
            json.put(
                    "contacts",
                    contacts.stream()
                            .map(c -> {
                                Map<String, Object> card = new LinkedHashMap<>();
                                card.put("name", c.name());
                                card.put("phones", c.phones());
                                return card;
                            })
                            .toList());
        }
        if (reaction != null) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("messageId", reaction.messageId());
            r.put("emoji", reaction.emoji());
            json.put("reaction", r);
        }
        if (quotedMessageId != null) {
            json.put("quotedMessageId", quotedMessageId);
        }
        if (!mentions.isEmpty()) {
            json.put("mentions", mentions);
        }
        return json;
    }

    /** As stored in the log: null when there is nothing. */
    public String toJson() {
        return isEmpty() ? null : Json.write(toMap());
    }

    @SuppressWarnings("unchecked")
    public static MessageDetails fromJson(String json) {
        if (json == null || json.isBlank()) {
            return NONE;
        }
        Map<String, Object> d = Json.readObject(json);
        Location location = null;
        if (d.get("location") instanceof Map<?, ?> place) {
            location = new Location(
                    ((Number) place.get("latitude")).doubleValue(),
                    ((Number) place.get("longitude")).doubleValue(),
                    (String) place.get("name"),
                    (String) place.get("address"));
        }
        List<ContactCard> contacts = new ArrayList<>();
        if (d.get("contacts") instanceof List<?> cards) {
            for (Object card : cards) {
                Map<String, Object> c = (Map<String, Object>) card;
                contacts.add(new ContactCard((String) c.get("name"), (List<String>) c.get("phones"), null));
            }
        }
        Reaction reaction = null;
        if (d.get("reaction") instanceof Map<?, ?> r) {
            reaction = new Reaction((String) r.get("messageId"), (String) r.get("emoji"));
        }
        return new MessageDetails(
                location, contacts, reaction, (String) d.get("quotedMessageId"), (List<String>) d.get("mentions"));
    }
}
