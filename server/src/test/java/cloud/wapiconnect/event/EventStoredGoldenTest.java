package cloud.wapiconnect.event;

import cloud.wapiconnect.engine.ContactCard;
import cloud.wapiconnect.engine.GroupEvent;
import cloud.wapiconnect.engine.IncomingMessage;
import cloud.wapiconnect.engine.Location;
import cloud.wapiconnect.engine.ParticipantAction;
import cloud.wapiconnect.engine.PollVote;
import cloud.wapiconnect.engine.Reaction;
import cloud.wapiconnect.json.Json;
import cloud.wapiconnect.message.MessageDetails;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JSON each producer stores for its events ({@code golden/events/<case>.stored.json}), from the producers'
 * inputs. Legacy rows (formats no producer writes any more) are golden files only.
 *
 * <p>Before events were typed, this built the maps as each producer did (SessionStore, MessageLog, BulkJobStore,
 * GroupEventLog, WebhookStore), copied line for line.
 */
class EventStoredGoldenTest {
    static final IncomingMessage TEXT = new IncomingMessage("3EB0A1B2C3", "5511988887777@c.us",
            "Olá \"mundo\" \\ </script>\n\t\u0001 😀 \u2028", "chat", false, null, false, 1_699_999_999_000L,
            null, null, null, null, null);
    static final IncomingMessage GROUP_DETAILS = new IncomingMessage("3EB0A1B2C4", "120363025555555555@g.us",
            "see you there @5511977776666", "location", true, "5511977776666@c.us", false, 1_699_999_999_123L,
            new Location(52.0, -0.1275, "Trafalgar Square", "London WC2N 5DN"),
            List.of(new ContactCard("Ana Souza", List.of("+55 11 99999-0000", "+55 11 3333-4444"),
                    "BEGIN:VCARD\nVERSION:3.0\nFN:Ana Souza\nEND:VCARD")),
            new Reaction("3EB0FFEE", "👍"), "3EB0EEDD", List.of("5511977776666@c.us", "5511966665555@c.us"));
    static final IncomingMessage MEDIA = new IncomingMessage("3EB0A1B2C5", "5511988887777@c.us", "a caption",
            "image", false, null, true, 1_699_999_999_456L, null, null, null, null, List.of());
    static final IncomingMessage LOCATION_NO_NAME = new IncomingMessage("3EB0A1B2C6", "5511988887777@c.us", "",
            "location", false, null, false, 1_699_999_999_789L, new Location(-23.5505199, -46.6333094, null, null),
            List.of(), new Reaction("3EB0FFEF", ""), null, List.of());
    static final PollVote VOTE = new PollVote("3EB0POLL01", "5511988887777@c.us", "5511988887777@c.us",
            List.of("Yes", "Maybe 🤔"), 1_699_999_998_000L);
    static final PollVote VOTE_WITHDRAWN = new PollVote("3EB0POLL01", "120363025555555555@g.us",
            "5511977776666@c.us", List.of(), 1_699_999_998_500L);
    static final GroupEvent JOIN = new GroupEvent("120363025555555555@g.us", GroupEvent.Kind.JOIN, ParticipantAction.ADD,
            List.of("5511900001111@c.us"), "5511977776666@c.us", "Família 🏠", null, 1_699_999_997_000L);
    static final GroupEvent LEAVE = new GroupEvent("120363025555555555@g.us", GroupEvent.Kind.LEAVE,
            ParticipantAction.REMOVE, List.of("5511900001111@c.us"), null, null, null, 1_699_999_997_100L);
    static final GroupEvent PARTICIPANTS = new GroupEvent("120363025555555555@g.us", GroupEvent.Kind.PARTICIPANTS,
            ParticipantAction.PROMOTE, List.of("5511977776666@c.us", "5511966665555@c.us"), "5511900001111@c.us", null,
            null, 1_699_999_997_200L);
    static final GroupEvent UPDATE = new GroupEvent("120363025555555555@g.us", GroupEvent.Kind.UPDATE, null, List.of(),
            "5511977776666@c.us", "New subject", "Line one\nline two", 1_699_999_997_300L);
    static final GroupEvent UPDATE_DESCRIPTION = new GroupEvent("120363025555555555@g.us", GroupEvent.Kind.UPDATE, null,
            List.of(), null, null, "", 1_699_999_997_400L);
    static final String QR = "2@Ab+Cd/Ef==,Xy0123456789abcdefABCDEF+/=,q1w2e3r4t5y6u7i8o9p0==,AdvSecret+/==";
    static final String TEST_MESSAGE = "This is a test event from WapiConnect";

    /** Bulk-job progress as BulkJobStore reads it from a job: status, counts, error code, cancelled. */
    record Job(String id, String status, int total, int succeeded, int failed, int processed, int skipped,
               String errorCode, boolean cancelled) {
    }

    static final Job RUNNING = new Job("65f1a2b3c4d5e6f7a8b9c0d1", "running", 250, 40, 2, 50, 8, null, false);
    static final Job FAILED = new Job("65f1a2b3c4d5e6f7a8b9c0d2", "failed", 3, 1, 0, 1, 2, "SENT_LIMIT_EXCEEDED", false);
    static final Job CANCELLED = new Job("65f1a2b3c4d5e6f7a8b9c0d3", "failed", 10, 4, 1, 5, 5, "CANCELLED", true);

    static List<GoldenEvents.Case> produced() {
        return GoldenEvents.cases().stream().filter(c -> !c.name().contains("legacy")).toList();
    }

    @ParameterizedTest
    @MethodSource("produced")
    void producersStoreTheSameJson(GoldenEvents.Case c) {
        GoldenEvents.assertText(c.name() + ".stored.json", Json.write(data(c.name())));
    }

    private static Map<String, Object> data(String name) {
        return switch (name) {
            case "qr" -> Map.of("qr", QR);
            case "authenticated" -> Map.of();
            case "ready" -> Map.of("phoneNumber", "5511999990000");
            case "disconnected" -> disconnected("logged_out");
            case "disconnected_qr_timeout" -> disconnected("qr_timeout");
            case "message_text" -> incoming(TEXT);
            case "message_group_details" -> incoming(GROUP_DETAILS);
            case "message_media" -> incoming(MEDIA);
            case "message_location_no_name" -> incoming(LOCATION_NO_NAME);
            case "message_status" -> status("3EB0A1B2C3", "delivered");
            case "message_status_read" -> status("3EB0A1B2C3", "read");
            case "poll_vote" -> vote(VOTE);
            case "poll_vote_withdrawn" -> vote(VOTE_WITHDRAWN);
            case "bulk_job_running" -> job(RUNNING);
            case "bulk_job_failed" -> job(FAILED);
            case "bulk_job_cancelled" -> job(CANCELLED);
            case "test" -> Map.of("message", TEST_MESSAGE);
            case "group_join" -> group(JOIN);
            case "group_leave" -> group(LEAVE);
            case "group_participants" -> group(PARTICIPANTS);
            case "group_update" -> group(UPDATE);
            case "group_update_description" -> group(UPDATE_DESCRIPTION);
            default -> throw new IllegalArgumentException(name);
        };
    }

    // SessionStore.disconnected
    private static Map<String, Object> disconnected(String reason) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("reason", reason);
        return data;
    }

    // MessageLog.recordIncoming
    private static Map<String, Object> incoming(IncomingMessage m) {
        MessageDetails details = new MessageDetails(m.location(), m.contacts(), m.reaction(), m.quotedMessageId(),
                m.mentions());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", m.id());
        data.put("from", m.from());
        data.put("body", m.body());
        data.put("type", m.type());
        data.put("isGroup", m.isGroup());
        if (m.participant() != null) {
            data.put("participant", m.participant());
        }
        data.put("hasMedia", m.hasMedia());
        data.put("timestamp", m.timestamp());
        data.putAll(details.toMap());
        return data;
    }

    // MessageLog.advance
    private static Map<String, Object> status(String messageId, String status) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("messageId", messageId);
        data.put("status", status);
        return data;
    }

    // MessageLog.recordPollVote
    private static Map<String, Object> vote(PollVote vote) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("pollMessageId", vote.pollMessageId());
        data.put("chat", vote.chat());
        data.put("voter", vote.voter());
        data.put("options", vote.options());
        data.put("timestamp", vote.timestamp());
        return data;
    }

    // BulkJobStore.event
    private static Map<String, Object> job(Job job) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("jobId", job.id());
        data.put("status", job.status());
        data.put("total", job.total());
        data.put("succeeded", job.succeeded());
        data.put("failed", job.failed());
        data.put("processed", job.processed());
        data.put("skipped", job.skipped());
        if (job.errorCode() != null) {
            data.put("errorCode", job.errorCode());
        }
        if (job.cancelled()) {
            data.put("cancelled", true);
        }
        return data;
    }

    // GroupEventLog.record
    private static Map<String, Object> group(GroupEvent e) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("group", e.groupJid());
        if (e.action() != null) {
            data.put("action", e.action().wireName());
        }
        data.put("participants", e.participants());
        if (e.author() != null) {
            data.put("author", e.author());
        }
        if (e.subject() != null) {
            data.put("subject", e.subject());
        }
        if (e.description() != null) {
            data.put("description", e.description());
        }
        data.put("timestamp", e.timestamp());
        return data;
    }
}
