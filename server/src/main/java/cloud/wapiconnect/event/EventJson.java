package cloud.wapiconnect.event;

import cloud.wapiconnect.engine.GroupEvent;
import cloud.wapiconnect.json.Json;
import cloud.wapiconnect.qr.QrImage;
import cloud.wapiconnect.whatsapp.ContactCard;
import cloud.wapiconnect.whatsapp.Location;
import cloud.wapiconnect.whatsapp.Reaction;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of {@link EventData}, the one place that names its fields: the stored rows' {@code payload} and the
 * {@code data} of webhooks, field for field and in the order the API document shows them; optional fields are left
 * out when empty, as they always were. Reads every row the log holds, older formats included.
 */
public final class EventJson {
    /** Times as the REST API writes them (the message log's {@code createdAt}). */
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private EventJson() {}

    /** As the log stores it. */
    public static String write(EventData data) {
        return Json.write(toMap(data));
    }

    /** The event's data read from the log. */
    public static EventData read(EventType type, String json) {
        return fromMap(type, Json.readObject(json));
    }

    /** The JSON-shaped fields (maps, lists, strings, numbers, booleans) in the API's order. */
    public static Map<String, Object> toMap(EventData data) {
        Map<String, Object> json = new LinkedHashMap<>();
        switch (data) {
            case EventData.Qr q -> json.put("qr", q.code().text());
            case EventData.Authenticated a -> {}
            case EventData.Ready r -> json.put("phoneNumber", r.phoneNumber());
            case EventData.Disconnected d -> json.put("reason", d.reason());
            case EventData.Message m -> message(m, json);
            case EventData.MessageStatus s -> {
                json.put("messageId", s.messageId());
                json.put("status", s.status());
            }
            case EventData.MessageEdited e -> {
                json.put("messageId", e.messageId());
                json.put("from", e.from());
                putIfSet(json, "participant", e.participant());
                json.put("body", e.body());
                json.put("timestamp", e.timestamp());
            }
            case EventData.MessageRevoked r -> {
                json.put("messageId", r.messageId());
                json.put("from", r.from());
                putIfSet(json, "participant", r.participant());
                json.put("timestamp", r.timestamp());
            }
            case EventData.PollVote v -> {
                json.put("pollMessageId", v.pollMessageId());
                json.put("chat", v.chat());
                json.put("voter", v.voter());
                json.put("options", v.options());
                json.put("timestamp", v.timestamp());
            }
            case EventData.BulkJob j -> {
                json.put("jobId", j.jobId());
                json.put("status", j.status());
                json.put("total", j.total());
                json.put("succeeded", j.succeeded());
                json.put("failed", j.failed());
                json.put("processed", j.processed());
                json.put("skipped", j.skipped());
                putIfSet(json, "errorCode", j.errorCode());
                if (j.cancelled()) {
                    json.put("cancelled", true);
                }
            }
            case EventData.SessionLimits l -> {
                json.put("reachOut", l.reachOut());
                if (l.reachOutUntil() != null) {
                    json.put("reachOutUntil", ISO_MILLIS.format(Instant.ofEpochMilli(l.reachOutUntil())));
                }
                json.put("newChats", l.newChats());
            }
            case EventData.Test t -> json.put("message", t.message());
            case EventData.Group g -> {
                json.put("group", g.group());
                putIfSet(json, "action", g.action());
                json.put("participants", g.participants());
                putIfSet(json, "author", g.author());
                putIfSet(json, "subject", g.subject());
                putIfSet(json, "description", g.description());
                json.put("timestamp", g.timestamp());
            }
        }
        return json;
    }

    private static void message(EventData.Message m, Map<String, Object> json) {
        json.put("id", m.id());
        json.put("from", m.from());
        putIfSet(json, "fromLid", m.fromLid());
        json.put("body", m.body());
        json.put("type", m.messageType());
        json.put("isGroup", m.isGroup());
        putIfSet(json, "participant", m.participant());
        putIfSet(json, "participantLid", m.participantLid());
        json.put("hasMedia", m.hasMedia());
        json.put("timestamp", m.timestamp());
        if (m.location() != null) {
            Map<String, Object> place = new LinkedHashMap<>();
            place.put("latitude", m.location().latitude());
            place.put("longitude", m.location().longitude());
            place.put("name", m.location().name());
            place.put("address", m.location().address());
            json.put("location", place);
        }
        if (!m.contacts().isEmpty()) {
            json.put(
                    "contacts",
                    m.contacts().stream()
                            .map(c -> {
                                Map<String, Object> card = new LinkedHashMap<>();
                                card.put("name", c.name());
                                card.put("phones", c.phones());
                                return card;
                            })
                            .toList());
        }
        if (m.reaction() != null) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("messageId", m.reaction().messageId());
            r.put("emoji", m.reaction().emoji());
            json.put("reaction", r);
        }
        putIfSet(json, "quotedMessageId", m.quotedMessageId());
        if (!m.mentions().isEmpty()) {
            json.put("mentions", m.mentions());
        }
    }

    private static void putIfSet(Map<String, Object> json, String key, Object value) {
        if (value != null) {
            json.put(key, value);
        }
    }

    private static EventData fromMap(EventType type, Map<String, Object> d) {
        return switch (type) {
            case QR -> new EventData.Qr(QrImage.of(text(d, "qr")));
            case AUTHENTICATED -> new EventData.Authenticated();
            case READY -> new EventData.Ready(text(d, "phoneNumber"));
            case DISCONNECTED -> new EventData.Disconnected(text(d, "reason"));
            case MESSAGE -> message(d);
            case MESSAGE_STATUS -> new EventData.MessageStatus(text(d, "messageId"), text(d, "status"));
            case MESSAGE_EDITED ->
                new EventData.MessageEdited(
                        text(d, "messageId"),
                        text(d, "from"),
                        text(d, "participant"),
                        text(d, "body"),
                        number(d, "timestamp"));
            case MESSAGE_REVOKED ->
                new EventData.MessageRevoked(
                        text(d, "messageId"), text(d, "from"), text(d, "participant"), number(d, "timestamp"));
            case POLL_VOTE ->
                new EventData.PollVote(
                        text(d, "pollMessageId"),
                        text(d, "chat"),
                        text(d, "voter"),
                        strings(d, "options"),
                        number(d, "timestamp"));
            case BULK_JOB ->
                new EventData.BulkJob(
                        text(d, "jobId"),
                        text(d, "status"),
                        (int) number(d, "total"),
                        (int) number(d, "succeeded"),
                        (int) number(d, "failed"),
                        (int) number(d, "processed"),
                        (int) number(d, "skipped"),
                        text(d, "errorCode"),
                        Boolean.TRUE.equals(d.get("cancelled")));
            case SESSION_LIMITS ->
                new EventData.SessionLimits(
                        text(d, "reachOut"),
                        d.get("reachOutUntil") == null
                                ? null
                                : Instant.parse(text(d, "reachOutUntil")).toEpochMilli(),
                        text(d, "newChats"));
            case TEST -> new EventData.Test(text(d, "message"));
            case GROUP_JOIN -> group(GroupEvent.Kind.JOIN, d);
            case GROUP_LEAVE -> group(GroupEvent.Kind.LEAVE, d);
            case GROUP_PARTICIPANTS -> group(GroupEvent.Kind.PARTICIPANTS, d);
            case GROUP_UPDATE -> group(GroupEvent.Kind.UPDATE, d);
        };
    }

    private static EventData.Message message(Map<String, Object> d) {
        Location location = null;
        if (d.get("location") instanceof Map<?, ?> place) {
            location = new Location(
                    decimal(place.get("latitude")),
                    decimal(place.get("longitude")),
                    text(place, "name"),
                    text(place, "address"));
        }
        List<ContactCard> contacts = new ArrayList<>();
        if (d.get("contacts") instanceof List<?> cards) {
            for (Object card : cards) {
                if (card instanceof Map<?, ?> c) {
                    contacts.add(new ContactCard(text(c, "name"), strings(c, "phones"), null));
                }
            }
        }
        Reaction reaction = null;
        if (d.get("reaction") instanceof Map<?, ?> r) {
            reaction = new Reaction(text(r, "messageId"), text(r, "emoji"));
        }
        return new EventData.Message(
                text(d, "id"),
                text(d, "from"),
                text(d, "body"),
                text(d, "type"),
                Boolean.TRUE.equals(d.get("isGroup")),
                text(d, "participant"),
                Boolean.TRUE.equals(d.get("hasMedia")),
                number(d, "timestamp"),
                location,
                contacts,
                reaction,
                text(d, "quotedMessageId"),
                strings(d, "mentions"),
                text(d, "fromLid"),
                text(d, "participantLid"));
    }

    private static EventData.Group group(GroupEvent.Kind kind, Map<String, Object> d) {
        return new EventData.Group(
                kind,
                text(d, "group"),
                text(d, "action"),
                strings(d, "participants"),
                text(d, "author"),
                text(d, "subject"),
                text(d, "description"),
                number(d, "timestamp"));
    }

    private static String text(Map<?, ?> d, String key) {
        Object value = d.get(key);
        return value == null ? null : value.toString();
    }

    private static long number(Map<?, ?> d, String key) {
        return d.get(key) instanceof Number n ? n.longValue() : 0;
    }

    private static double decimal(Object value) {
        return value instanceof Number n ? n.doubleValue() : 0;
    }

    /** A list of strings; null when the row has none. */
    private static List<String> strings(Map<?, ?> d, String key) {
        return d.get(key) instanceof List<?> list
                ? list.stream().map(v -> v == null ? null : v.toString()).toList()
                : null;
    }
}
