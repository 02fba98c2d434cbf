package cloud.wapiconnect.rest.dto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.chat.Chat;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.event.EventType;
import cloud.wapiconnect.json.Json;
import cloud.wapiconnect.message.Direction;
import cloud.wapiconnect.message.LoggedMessage;
import cloud.wapiconnect.message.MessageDetails;
import cloud.wapiconnect.message.MessageStatus;
import cloud.wapiconnect.session.SessionStatus;
import cloud.wapiconnect.session.SessionView;
import cloud.wapiconnect.webhook.Delivery;
import cloud.wapiconnect.webhook.WebhookEndpoint;
import cloud.wapiconnect.whatsapp.GroupInfo;
import cloud.wapiconnect.whatsapp.Location;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The response records' JSON, byte for byte as the hand-built maps wrote it, for the branches the API flow of
 * {@code RestJsonGoldenIT} does not reach: explicit nulls stay, absent fields stay absent, details keep their order.
 */
class ResponseJsonTest {
    @Test
    void aGroupMessageShowsItsParticipantAndOnlyTheDetailsItHas() {
        LoggedMessage m = new LoggedMessage(
                "t",
                "main",
                "ID",
                Direction.INCOMING,
                "location",
                "919876543210",
                "120363040000000000@g.us",
                null,
                MessageStatus.RECEIVED,
                0L,
                null,
                "919800000002@s.whatsapp.net",
                new MessageDetails(new Location(1.5, -2.0, null, null), List.of(), null, null, List.of("a@s")),
                null,
                null,
                null);
        assertEquals(
                "{\"sessionId\":\"main\",\"to\":\"919876543210\",\"from\":\"120363040000000000@g.us\",\"message\":null,"
                        + "\"status\":\"received\",\"type\":\"location\",\"direction\":\"incoming\",\"messageId\":\"ID\","
                        + "\"participant\":\"919800000002@s.whatsapp.net\","
                        + "\"location\":{\"latitude\":1.5,\"longitude\":-2.0,\"name\":null,\"address\":null},"
                        + "\"mentions\":[\"a@s\"],\"createdAt\":\"1970-01-01T00:00:00.000Z\"}",
                Json.write(MessageJson.of(m)));
    }

    @Test
    void messagesAndChatsOfPeopleNamedByLidShowTheLidBesideTheNumber() {
        LoggedMessage in = new LoggedMessage(
                "t",
                "main",
                "IN",
                Direction.INCOMING,
                "text",
                "919800000001",
                "919876543210",
                "Hi",
                MessageStatus.RECEIVED,
                0L,
                null,
                null,
                null,
                null,
                null,
                "123456789012345@lid");
        assertEquals(
                "{\"sessionId\":\"main\",\"to\":\"919800000001\",\"from\":\"919876543210\","
                        + "\"fromLid\":\"123456789012345@lid\",\"message\":\"Hi\",\"status\":\"received\",\"type\":\"text\","
                        + "\"direction\":\"incoming\",\"messageId\":\"IN\",\"createdAt\":\"1970-01-01T00:00:00.000Z\"}",
                Json.write(MessageJson.of(in)));
        LoggedMessage out = new LoggedMessage(
                "t",
                "main",
                "OUT",
                Direction.OUTGOING,
                "text",
                "123456789012345@lid",
                "919800000001",
                "Hello",
                MessageStatus.SENT,
                0L,
                null,
                null,
                null,
                null,
                null,
                "123456789012345@lid");
        assertEquals(
                "{\"sessionId\":\"main\",\"to\":\"123456789012345@lid\",\"toLid\":\"123456789012345@lid\","
                        + "\"from\":\"919800000001\",\"message\":\"Hello\",\"status\":\"sent\",\"type\":\"text\","
                        + "\"direction\":\"outgoing\",\"messageId\":\"OUT\",\"createdAt\":\"1970-01-01T00:00:00.000Z\"}",
                Json.write(MessageJson.of(out)));
        assertTrue(Json.write(ChatJson.of(new Chat("919876543210@s.whatsapp.net", false, in, 1, "123456789012345@lid")))
                .startsWith(
                        "{\"jid\":\"919876543210@s.whatsapp.net\",\"lid\":\"123456789012345@lid\",\"isGroup\":false,"));
        assertTrue(Json.write(ChatJson.of(new Chat("919876543210@s.whatsapp.net", false, in, 1, null)))
                .startsWith("{\"jid\":\"919876543210@s.whatsapp.net\",\"isGroup\":false,"));
    }

    @Test
    void aGroupWithoutACreationTimeShowsNull() {
        assertEquals(
                "{\"id\":\"1@g.us\",\"subject\":\"S\",\"description\":null,\"owner\":null,\"createdAt\":null,\"size\":0,"
                        + "\"participants\":[]}",
                Json.write(GroupJson.of(new GroupInfo("1@g.us", "S", null, null, 0, List.of()))));
    }

    @Test
    void aDisabledEndpointSaysWhy() {
        WebhookEndpoint e = new WebhookEndpoint(
                "w1",
                "t",
                false,
                "https://x.example/h",
                Optional.empty(),
                Set.of(EventType.MESSAGE),
                Set.of("main"),
                Optional.of("failing"),
                0,
                1000);
        assertEquals(
                "{\"url\":\"https://x.example/h\",\"secretSet\":false,\"events\":[\"message\"],\"sessions\":[\"main\"],"
                        + "\"id\":\"w1\",\"default\":false,\"enabled\":false,\"disabledReason\":\"failing\","
                        + "\"createdAt\":\"1970-01-01T00:00:00.000Z\",\"updatedAt\":\"1970-01-01T00:00:01.000Z\"}",
                Json.write(WebhookJson.of(e)));
    }

    @Test
    void aDeliveryWithoutASessionShowsNull() {
        Delivery d = new Delivery(7, "test", "", "w1", "failed", 3, 500, "HTTP 500", null, null, 0);
        assertEquals(
                "{\"eventId\":7,\"event\":\"test\",\"sessionId\":null,\"endpointId\":\"w1\",\"status\":\"failed\","
                        + "\"attempts\":3,\"lastHttpStatus\":500,\"lastError\":\"HTTP 500\",\"nextAttemptAt\":null,"
                        + "\"deliveredAt\":null,\"createdAt\":\"1970-01-01T00:00:00.000Z\"}",
                Json.write(WebhookJson.DeliveryJson.of(d)));
    }

    @Test
    void aSessionShowsOnlyWhatItsStatusHasToSay() {
        assertEquals(
                "{\"status\":\"disconnected\",\"connected\":false,\"reason\":\"logged_out\",\"sessionId\":\"s\"}",
                Json.write(SessionJson.of(new SessionView(
                        "s", null, SessionStatus.DISCONNECTED, null, null, null, "logged_out", null, null))));
    }

    @Test
    void errorDetailsFollowInTheirOrderNullsIncluded() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("limit", 10);
        details.put("resetsAt", null);
        details.put("field", "to");
        assertEquals(
                "{\"error\":\"m\",\"code\":\"INVALID_REQUEST\",\"limit\":10,\"resetsAt\":null,\"field\":\"to\"}",
                Json.write(ErrorJson.of(new WapiException(ErrorCode.INVALID_REQUEST, "m", details))));
    }
}
