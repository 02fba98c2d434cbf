package cloud.wapiconnect.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cloud.wapiconnect.engine.DisconnectReason;
import cloud.wapiconnect.engine.GroupEvent;
import cloud.wapiconnect.engine.IncomingMessage;
import cloud.wapiconnect.engine.PollVote;
import cloud.wapiconnect.message.MessageStatus;
import cloud.wapiconnect.qr.QrImage;
import cloud.wapiconnect.whatsapp.ContactCard;
import cloud.wapiconnect.whatsapp.Location;
import cloud.wapiconnect.whatsapp.ParticipantAction;
import cloud.wapiconnect.whatsapp.Reaction;
import cloud.wapiconnect.whatsapp.SendingLimits;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JSON each producer stores for its events ({@code golden/events/<case>.stored.json}), from the producers'
 * inputs. Legacy rows (formats no producer writes any more) are golden files only.
 *
 * <p>Before events were typed, this built the maps as each producer did (SessionStore, MessageLog, BulkJobStore,
 * GroupEventLog, WebhookStore), copied line for line, and wrote the golden files; now it builds their records.
 */
class EventStoredGoldenTest {
    static final IncomingMessage TEXT = new IncomingMessage(
            "3EB0A1B2C3",
            "5511988887777@c.us",
            "Olá \"mundo\" \\ </script>\n\t\u0001 😀 \u2028",
            "chat",
            false,
            null,
            false,
            1_699_999_999_000L,
            null,
            null,
            null,
            null,
            null);
    static final IncomingMessage GROUP_DETAILS = new IncomingMessage(
            "3EB0A1B2C4",
            "120363025555555555@g.us",
            "see you there @5511977776666",
            "location",
            true,
            "5511977776666@c.us",
            false,
            1_699_999_999_123L,
            new Location(52.0, -0.1275, "Trafalgar Square", "London WC2N 5DN"),
            List.of(new ContactCard(
                    "Ana Souza",
                    List.of("+55 11 99999-0000", "+55 11 3333-4444"),
                    "BEGIN:VCARD\nVERSION:3.0\nFN:Ana Souza\nEND:VCARD")),
            new Reaction("3EB0FFEE", "👍"),
            "3EB0EEDD",
            List.of("5511977776666@c.us", "5511966665555@c.us"));
    static final IncomingMessage MEDIA = new IncomingMessage(
            "3EB0A1B2C5",
            "5511988887777@c.us",
            "a caption",
            "image",
            false,
            null,
            true,
            1_699_999_999_456L,
            null,
            null,
            null,
            null,
            List.of());
    static final IncomingMessage LOCATION_NO_NAME = new IncomingMessage(
            "3EB0A1B2C6",
            "5511988887777@c.us",
            "",
            "location",
            false,
            null,
            false,
            1_699_999_999_789L,
            new Location(-23.5505199, -46.6333094, null, null),
            List.of(),
            new Reaction("3EB0FFEF", ""),
            null,
            List.of());
    static final PollVote VOTE = new PollVote(
            "3EB0POLL01", "5511988887777@c.us", "5511988887777@c.us", List.of("Yes", "Maybe 🤔"), 1_699_999_998_000L);
    static final PollVote VOTE_WITHDRAWN =
            new PollVote("3EB0POLL01", "120363025555555555@g.us", "5511977776666@c.us", List.of(), 1_699_999_998_500L);
    static final GroupEvent JOIN = new GroupEvent(
            "120363025555555555@g.us",
            GroupEvent.Kind.JOIN,
            ParticipantAction.ADD,
            List.of("5511900001111@c.us"),
            "5511977776666@c.us",
            "Família 🏠",
            null,
            1_699_999_997_000L);
    static final GroupEvent LEAVE = new GroupEvent(
            "120363025555555555@g.us",
            GroupEvent.Kind.LEAVE,
            ParticipantAction.REMOVE,
            List.of("5511900001111@c.us"),
            null,
            null,
            null,
            1_699_999_997_100L);
    static final GroupEvent PARTICIPANTS = new GroupEvent(
            "120363025555555555@g.us",
            GroupEvent.Kind.PARTICIPANTS,
            ParticipantAction.PROMOTE,
            List.of("5511977776666@c.us", "5511966665555@c.us"),
            "5511900001111@c.us",
            null,
            null,
            1_699_999_997_200L);
    static final GroupEvent UPDATE = new GroupEvent(
            "120363025555555555@g.us",
            GroupEvent.Kind.UPDATE,
            null,
            List.of(),
            "5511977776666@c.us",
            "New subject",
            "Line one\nline two",
            1_699_999_997_300L);
    static final GroupEvent UPDATE_DESCRIPTION = new GroupEvent(
            "120363025555555555@g.us", GroupEvent.Kind.UPDATE, null, List.of(), null, null, "", 1_699_999_997_400L);
    static final String QR = "2@Ab+Cd/Ef==,Xy0123456789abcdefABCDEF+/=,q1w2e3r4t5y6u7i8o9p0==,AdvSecret+/==";
    static final String TEST_MESSAGE = "This is a test event from WapiConnect";

    /** Bulk-job progress as BulkJobStore reads it from a job: status, counts, error code, cancelled. */
    record Job(
            String id,
            String status,
            int total,
            int succeeded,
            int failed,
            int processed,
            int skipped,
            String errorCode,
            boolean cancelled) {}

    static final Job RUNNING = new Job("65f1a2b3c4d5e6f7a8b9c0d1", "running", 250, 40, 2, 50, 8, null, false);
    static final Job FAILED =
            new Job("65f1a2b3c4d5e6f7a8b9c0d2", "failed", 3, 1, 0, 1, 2, "SENT_LIMIT_EXCEEDED", false);
    static final Job CANCELLED = new Job("65f1a2b3c4d5e6f7a8b9c0d3", "failed", 10, 4, 1, 5, 5, "CANCELLED", true);

    static List<GoldenEvents.Case> produced() {
        return GoldenEvents.cases().stream()
                .filter(c -> !c.name().contains("legacy"))
                .toList();
    }

    @ParameterizedTest
    @MethodSource("produced")
    void producersStoreTheSameJson(GoldenEvents.Case c) {
        EventData data = data(c.name());
        assertEquals(c.type(), data.type().wireName());
        GoldenEvents.assertText(c.name() + ".stored.json", EventJson.write(data));
    }

    /** Every stored row, older formats included, reads back to data that is stored the same. */
    @ParameterizedTest
    @MethodSource("cloud.wapiconnect.event.GoldenEvents#cases")
    void storedRowsReadBackAsTheyWere(GoldenEvents.Case c) {
        String stored = GoldenEvents.text(c.name() + ".stored.json");
        EventData data = EventJson.read(EventType.fromWire(c.type()), stored);
        assertEquals(c.type(), data.type().wireName());
        assertEquals(stored, EventJson.write(data));
    }

    /** The data each producer appends, built as it builds it. */
    private static IncomingMessage lid(
            String id,
            String from,
            String body,
            boolean group,
            String participant,
            String fromLid,
            String participantLid) {
        return new IncomingMessage(
                        id,
                        from,
                        body,
                        "text",
                        group,
                        participant,
                        false,
                        1_699_999_999_000L,
                        null,
                        null,
                        null,
                        null,
                        null)
                .withSender(from, fromLid, participant, participantLid);
    }

    private static EventData data(String name) {
        return switch (name) {
            case "qr" -> new EventData.Qr(QrImage.of(QR)); // SessionStore.qr
            case "authenticated" -> new EventData.Authenticated(); // SessionStore.authenticated
            case "ready" -> new EventData.Ready("5511999990000"); // SessionStore.ready
            case "disconnected" -> new EventData.Disconnected(DisconnectReason.LOGGED_OUT.wireName());
            case "disconnected_qr_timeout" -> new EventData.Disconnected(DisconnectReason.QR_TIMEOUT.wireName());
            case "message_text" -> EventData.Message.of(TEXT); // MessageLog.recordIncoming
            case "message_group_details" -> EventData.Message.of(GROUP_DETAILS);
            case "message_media" -> EventData.Message.of(MEDIA);
            case "message_location_no_name" -> EventData.Message.of(LOCATION_NO_NAME);
            // InboundRecorder: a LID sender as the session knows it
            case "message_lid_only" ->
                EventData.Message.of(lid(
                        "3EB0LID001",
                        "123456789012345@lid",
                        "Hi from a hidden number",
                        false,
                        null,
                        "123456789012345@lid",
                        null));
            case "message_lid_with_phone" ->
                EventData.Message.of(lid(
                        "3EB0LID002",
                        "919876543210@s.whatsapp.net",
                        "Now you know me",
                        false,
                        null,
                        "123456789012345@lid",
                        null));
            case "message_lid_group" ->
                EventData.Message.of(lid(
                        "3EB0LID003",
                        "120363040000000000@g.us",
                        "Hello group",
                        true,
                        "919876543210@s.whatsapp.net",
                        null,
                        "123456789012345@lid"));
            // MessageLog.advance
            case "message_status" -> new EventData.MessageStatus("3EB0A1B2C3", MessageStatus.DELIVERED.wireName());
            case "message_status_read" -> new EventData.MessageStatus("3EB0A1B2C3", MessageStatus.READ.wireName());
            case "poll_vote" -> vote(VOTE); // MessageLog.recordPollVote
            case "poll_vote_withdrawn" -> vote(VOTE_WITHDRAWN);
            case "bulk_job_running" -> job(RUNNING);
            case "bulk_job_failed" -> job(FAILED);
            case "bulk_job_cancelled" -> job(CANCELLED);
            case "test" -> new EventData.Test(TEST_MESSAGE); // WebhookStore.test
            case "group_join" -> EventData.Group.of(JOIN); // GroupEventLog.record
            case "group_leave" -> EventData.Group.of(LEAVE);
            case "group_participants" -> EventData.Group.of(PARTICIPANTS);
            case "group_update" -> EventData.Group.of(UPDATE);
            case "group_update_description" -> EventData.Group.of(UPDATE_DESCRIPTION);
            // SessionStore.limits
            case "session_limits" ->
                EventData.SessionLimits.of(new SendingLimits(
                        SendingLimits.ReachOut.TIME_LOCKED, 1_700_003_600_000L, SendingLimits.NewChats.SECOND_WARNING));
            case "session_limits_ok" -> EventData.SessionLimits.of(SendingLimits.NONE);
            // MessageLog.recordIncomingEdit / recordIncomingRevoke
            case "message_edited" ->
                EventData.MessageEdited.of(new cloud.wapiconnect.engine.IncomingEdit(
                        "3EB0A1B2C3", "5511988887777@s.whatsapp.net", null, "Olá, \"mundo\" 😀", 1_700_000_000_123L));
            case "message_revoked_group" ->
                EventData.MessageRevoked.of(new cloud.wapiconnect.engine.IncomingRevoke(
                        "3EB0A1B2C4", "120363025555555555@g.us", "5511977776666@s.whatsapp.net", 1_700_000_000_456L));
            default -> throw new IllegalArgumentException(name);
        };
    }

    // MessageLog.recordPollVote
    private static EventData vote(PollVote vote) {
        return new EventData.PollVote(
                vote.pollMessageId(), vote.chat(), vote.voter(), vote.options(), vote.timestamp());
    }

    // BulkJobStore.event
    private static EventData job(Job job) {
        return new EventData.BulkJob(
                job.id(),
                job.status(),
                job.total(),
                job.succeeded(),
                job.failed(),
                job.processed(),
                job.skipped(),
                job.errorCode(),
                job.cancelled());
    }
}
