package cloud.wapiconnect.group;

import static cloud.wapiconnect.util.ApiAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.client.WapiClient;
import cloud.wapiconnect.client.WapiClientException;
import cloud.wapiconnect.event.EventFeedRepository;
import cloud.wapiconnect.proto.v1.Event;
import cloud.wapiconnect.proto.v1.EventType;
import cloud.wapiconnect.proto.v1.Group;
import cloud.wapiconnect.proto.v1.InviteCode;
import cloud.wapiconnect.proto.v1.ParticipantAction;
import cloud.wapiconnect.proto.v1.ParticipantResult;
import cloud.wapiconnect.proto.v1.SubscribeRequest;
import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.EventRecorder;
import cloud.wapiconnect.util.Grpc;
import cloud.wapiconnect.util.WebhookReceiver;
import cloud.wapiconnect.util.WebhookReceiver.Received;
import io.grpc.ManagedChannel;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Group management end to end on the sandbox: REST and gRPC, webhooks and the event stream, tenants kept apart. */
@HelidonTest
@AddConfig(key = "WAPI_ALLOW_PRIVATE_NETWORKS", value = "true")
@AddConfig(key = "WAPI_WEBHOOK_RETRY_INITIAL_MS", value = "100")
class GroupsIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String ME = "919800000001@s.whatsapp.net";

    @Inject
    WebTarget target;

    @Inject
    EventFeedRepository feedLog;

    /**
     * From the current end of the log (other tests' retention may have pruned its start): a stream still being
     * set up when the events come gets them by replay.
     */
    private SubscribeRequest.Builder fromNow() {
        return SubscribeRequest.newBuilder().setResumeAfter(feedLog.maxIdBefore(Long.MAX_VALUE));
    }

    private static String groups(String session) {
        return "/api/whatsapp/session/" + session + "/groups";
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Api.Response response, String field) {
        return (List<Map<String, Object>>) response.get(field);
    }

    private static Map<String, Object> participant(Api.Response group, String jid) {
        return list(group, "participants").stream()
                .filter(p -> jid.equals(p.get("jid")))
                .findFirst()
                .orElseThrow(() -> new AssertionError(jid + " not in " + group));
    }

    @Test
    void groupLifecycleOverRestReachesWebhooksInOrder() {
        Api api = new Api(target.getUri());
        String key = api.tenant("starter").key();
        api.readySession(key, "g1", "919800000001");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            assertEquals(
                    200,
                    api.send(
                                    "PUT",
                                    "/api/settings/webhook",
                                    Map.of("X-API-Key", key),
                                    "{\"url\":\"" + receiver.url()
                                            + "\",\"events\":[\"group_join\",\"group_leave\",\"group_participants\",\"group_update\"]}")
                            .status());

            Api.Response created = api.post(
                    groups("g1"),
                    key,
                    "{\"subject\":\"  Launch team \",\"participants\":[\"919800000002\",\"+91 98000 00003\",\"999000000001\"]}");
            assertEquals(200, created.status(), created.toString());
            String jid = (String) created.get("id");
            assertTrue(jid.matches("120363\\d{12}@g\\.us"), jid);
            assertEquals("Launch team", created.get("subject"));
            assertEquals(ME, created.get("owner"));
            // The number without WhatsApp is left out; the creator is the super admin.
            assertEquals(3, created.get("size"));
            assertEquals(true, participant(created, ME).get("isSuperAdmin"));
            assertEquals(
                    false, participant(created, "919800000002@s.whatsapp.net").get("isAdmin"));

            assertEquals(
                    List.of(jid),
                    list(api.get(groups("g1"), key), "groups").stream()
                            .map(g -> g.get("id"))
                            .toList());

            Api.Response added = api.post(
                    groups("g1") + "/" + jid + "/participants",
                    key,
                    "{\"add\":[\"919800000004\",\"999000000002\",\"919800000002\"]}");
            assertEquals(200, added.status(), added.toString());
            assertEquals(
                    List.of("ok", "not_on_whatsapp", "already_in_group"),
                    list(added, "participants").stream()
                            .map(p -> p.get("status"))
                            .toList());
            api.post(groups("g1") + "/" + jid + "/participants", key, "{\"promote\":[\"919800000002\"]}");
            assertEquals(
                    true,
                    participant(api.get(groups("g1") + "/" + jid, key), "919800000002@s.whatsapp.net")
                            .get("isAdmin"));
            api.post(groups("g1") + "/" + jid + "/participants", key, "{\"demote\":[\"919800000002\"]}");
            assertEquals(
                    false,
                    participant(api.get(groups("g1") + "/" + jid, key), "919800000002@s.whatsapp.net")
                            .get("isAdmin"));
            Api.Response removed =
                    api.post(groups("g1") + "/" + jid + "/participants", key, "{\"remove\":[\"919800000003\"]}");
            assertEquals("ok", list(removed, "participants").getFirst().get("status"));
            assertEquals(
                    "not_in_group",
                    list(
                                    api.post(
                                            groups("g1") + "/" + jid + "/participants",
                                            key,
                                            "{\"remove\":[\"919800000003\"]}"),
                                    "participants")
                            .getFirst()
                            .get("status"));

            Api.Response updated = api.send(
                    "PUT",
                    groups("g1") + "/" + jid,
                    Map.of("X-API-Key", key),
                    "{\"subject\":\"Launch crew\",\"description\":\"Ship it\"}");
            assertEquals(200, updated.status(), updated.toString());
            assertEquals("Launch crew", updated.get("subject"));
            assertEquals("Ship it", api.get(groups("g1") + "/" + jid, key).get("description"));

            Api.Response invite = api.get(groups("g1") + "/" + jid + "/invite-code", key);
            assertTrue(((String) invite.get("inviteCode")).matches("[A-Za-z0-9]{22}"), invite.toString());
            assertEquals("https://chat.whatsapp.com/" + invite.get("inviteCode"), invite.get("inviteLink"));

            // Groups live in the simulated network's tables: a reconnect (as after a restart) finds them.
            api.post("/api/whatsapp/session/g1/disconnect", key, null);
            api.post("/api/whatsapp/session", key, "{\"sessionId\":\"g1\"}");
            api.awaitStatus(key, "g1", "ready");
            assertEquals("Launch crew", api.get(groups("g1") + "/" + jid, key).get("subject"));

            assertEquals(
                    200,
                    api.post(groups("g1") + "/" + jid + "/leave", key, null).status());
            assertError(api.get(groups("g1") + "/" + jid, key), 404, "GROUP_NOT_FOUND");
            assertTrue(list(api.get(groups("g1"), key), "groups").isEmpty());

            // A remove of someone not in the group changed nothing: no event for it.
            List<Received> events = receiver.await(r -> r.size() >= 7, WAIT, "group events");
            assertEquals(
                    List.of(
                            "group_join",
                            "group_participants",
                            "group_participants",
                            "group_participants",
                            "group_participants",
                            "group_update",
                            "group_leave"),
                    events.stream().map(Received::event).toList());
            Map<String, Object> join = events.getFirst().data();
            assertEquals(jid, join.get("group"));
            assertEquals("add", join.get("action"));
            assertEquals(List.of(ME), join.get("participants"));
            assertEquals(ME, join.get("author"));
            assertEquals("Launch team", join.get("subject"));
            assertEquals(
                    List.of("add", "promote", "demote", "remove"),
                    events.subList(1, 5).stream()
                            .map(e -> e.data().get("action"))
                            .toList());
            assertEquals(
                    List.of("919800000004@s.whatsapp.net"), events.get(1).data().get("participants"));
            assertEquals("Ship it", events.get(5).data().get("description"));
            assertEquals("remove", events.get(6).data().get("action"));
            assertEquals(List.of(ME), events.get(6).data().get("participants"));
        }
    }

    @Test
    void invalidRequestsAreRefusedBeforeTheEngine() {
        Api api = new Api(target.getUri());
        String key = api.tenant("starter").key();
        api.readySession(key, "v1", "919800000011");
        assertError(
                api.post(groups("v1"), key, "{\"subject\":\"  \",\"participants\":[\"919800000012\"]}"),
                400,
                "INVALID_REQUEST");
        assertError(
                api.post(
                        groups("v1"),
                        key,
                        "{\"subject\":\"" + "x".repeat(101) + "\",\"participants\":[\"919800000012\"]}"),
                400,
                "INVALID_REQUEST");
        assertError(api.post(groups("v1"), key, "{\"subject\":\"Team\"}"), 400, "INVALID_REQUEST");
        assertError(
                api.post(groups("v1"), key, "{\"subject\":\"Team\",\"participants\":[\"12ab\"]}"),
                400,
                "INVALID_RECIPIENT");
        assertError(
                api.post(groups("v1"), key, "{\"subject\":\"Team\",\"participants\":[\"120363012345678901@g.us\"]}"),
                400,
                "INVALID_RECIPIENT");
        assertError(api.post(groups("v1"), key, null), 400, "INVALID_REQUEST");

        String unknown = "120363000000000001@g.us";
        assertError(api.get(groups("v1") + "/" + unknown, key), 404, "GROUP_NOT_FOUND");
        assertError(api.get(groups("v1") + "/not-a-group", key), 400, "INVALID_REQUEST");
        assertError(api.post(groups("v1") + "/" + unknown + "/leave", key, null), 404, "GROUP_NOT_FOUND");
        assertError(
                api.post(groups("v1") + "/" + unknown + "/participants", key, "{\"add\":[\"919800000012\"]}"),
                404,
                "GROUP_NOT_FOUND");

        String jid = (String) api.post(groups("v1"), key, "{\"subject\":\"Team\",\"participants\":[\"919800000012\"]}")
                .get("id");
        assertError(
                api.post(
                        groups("v1") + "/" + jid + "/participants",
                        key,
                        "{\"add\":[\"919800000013\"],\"remove\":[\"919800000012\"]}"),
                400,
                "INVALID_REQUEST");
        assertError(api.post(groups("v1") + "/" + jid + "/participants", key, "{}"), 400, "INVALID_REQUEST");
        assertError(api.post(groups("v1") + "/" + jid + "/participants", key, "{\"add\":[]}"), 400, "INVALID_REQUEST");
        assertError(
                api.post(groups("v1") + "/" + jid + "/participants", key, "{\"add\":[\"nope\"]}"),
                400,
                "INVALID_RECIPIENT");
        assertError(api.send("PUT", groups("v1") + "/" + jid, Map.of("X-API-Key", key), "{}"), 400, "INVALID_REQUEST");
        assertError(
                api.send("PUT", groups("v1") + "/" + jid, Map.of("X-API-Key", key), "{\"subject\":\"\"}"),
                400,
                "INVALID_REQUEST");

        // Not ready: groups need a connected session.
        api.post("/api/whatsapp/session/v1/disconnect", key, null);
        assertError(api.get(groups("v1"), key), 409, "SESSION_NOT_READY");
    }

    @Test
    void anotherTenantCannotSeeOrTouchTheGroups() {
        Api api = new Api(target.getUri());
        String owner = api.tenant("starter").key();
        String other = api.tenant("starter").key();
        api.readySession(owner, "shared", "919800000021");
        String jid = (String)
                api.post(groups("shared"), owner, "{\"subject\":\"Private\",\"participants\":[\"919800000022\"]}")
                        .get("id");

        // Without a session of that name the other tenant is told there is none ...
        assertError(api.get(groups("shared"), other), 404, "SESSION_NOT_FOUND");
        assertError(api.get(groups("shared") + "/" + jid, other), 404, "SESSION_NOT_FOUND");
        assertError(api.post(groups("shared") + "/" + jid + "/leave", other, null), 404, "SESSION_NOT_FOUND");
        // ... and its own session of the same name is another phone, which is not in the group.
        api.readySession(other, "shared", "919800000023");
        assertTrue(list(api.get(groups("shared"), other), "groups").isEmpty());
        assertError(api.get(groups("shared") + "/" + jid, other), 404, "GROUP_NOT_FOUND");
        assertError(
                api.post(groups("shared") + "/" + jid + "/participants", other, "{\"remove\":[\"919800000022\"]}"),
                404,
                "GROUP_NOT_FOUND");
        assertError(api.get(groups("shared") + "/" + jid + "/invite-code", other), 404, "GROUP_NOT_FOUND");
        assertEquals(2, api.get(groups("shared") + "/" + jid, owner).get("size"));
    }

    @Test
    void someoneElseAddingAndRemovingTheNumberIsSimulatedAndStreamed() throws Exception {
        Api api = new Api(target.getUri());
        Api.TestTenant tenant = api.tenant("starter");
        String key = tenant.key();
        api.readySession(key, "sim", "919800000031");
        ManagedChannel channel = Grpc.channel(target.getUri());
        try (EventRecorder stream = EventRecorder.subscribe(
                channel,
                key,
                fromNow()
                        .addTypes(EventType.EVENT_TYPE_GROUP_JOIN)
                        .addTypes(EventType.EVENT_TYPE_GROUP_LEAVE)
                        .build())) {
            Api.Response added = api.post(
                    "/api/sandbox/session/sim/group-added", key, "{\"subject\":\"Family\",\"by\":\"919800000039\"}");
            assertEquals(200, added.status(), added.toString());
            String jid = (String) added.get("groupJid");
            Api.Response group = api.get(groups("sim") + "/" + jid, key);
            assertEquals("Family", group.get("subject"));
            assertEquals(true, participant(group, "919800000039@s.whatsapp.net").get("isSuperAdmin"));
            assertEquals(
                    false, participant(group, "919800000031@s.whatsapp.net").get("isAdmin"));
            // A plain member may not manage the group.
            assertError(
                    api.post(groups("sim") + "/" + jid + "/participants", key, "{\"add\":[\"919800000032\"]}"),
                    403,
                    "NOT_GROUP_ADMIN");
            assertError(api.get(groups("sim") + "/" + jid + "/invite-code", key), 403, "NOT_GROUP_ADMIN");
            assertError(
                    api.post("/api/sandbox/session/sim/group-added", key, "{\"groupJid\":\"" + jid + "\"}"),
                    400,
                    "INVALID_REQUEST");

            assertEquals(
                    200,
                    api.post(
                                    "/api/sandbox/session/sim/group-removed",
                                    key,
                                    "{\"groupJid\":\"" + jid + "\",\"by\":\"919800000039\"}")
                            .status());
            assertError(api.get(groups("sim") + "/" + jid, key), 404, "GROUP_NOT_FOUND");
            assertError(
                    api.post("/api/sandbox/session/sim/group-removed", key, "{\"groupJid\":\"" + jid + "\"}"),
                    404,
                    "GROUP_NOT_FOUND");
            // Added back to the same group.
            assertEquals(
                    jid,
                    api.post("/api/sandbox/session/sim/group-added", key, "{\"groupJid\":\"" + jid + "\"}")
                            .get("groupJid"));

            Event join = stream.next(EventType.EVENT_TYPE_GROUP_JOIN, WAIT);
            assertEquals(jid, join.getGroup().getGroup());
            assertEquals("add", join.getGroup().getAction());
            assertEquals(List.of("919800000031@s.whatsapp.net"), join.getGroup().getParticipantsList());
            assertEquals("919800000039@s.whatsapp.net", join.getGroup().getAuthor());
            assertEquals("Family", join.getGroup().getSubject());
            assertEquals("sim", join.getSessionId());
            Event leave = stream.next(EventType.EVENT_TYPE_GROUP_LEAVE, WAIT);
            assertEquals("remove", leave.getGroup().getAction());
            assertEquals(jid, leave.getGroup().getGroup());
        } finally {
            Grpc.close(channel);
        }
    }

    @Test
    void groupLifecycleOverGrpcMatchesRest() throws Exception {
        Api api = new Api(target.getUri());
        String key = api.tenant("starter").key();
        api.readySession(key, "rpc", "919800000041");
        ManagedChannel channel = Grpc.channel(target.getUri());
        try (WapiClient grpc = Grpc.client(target.getUri(), key);
                EventRecorder stream = EventRecorder.subscribe(
                        channel,
                        key,
                        fromNow()
                                .addTypes(EventType.EVENT_TYPE_GROUP_PARTICIPANTS)
                                .addTypes(EventType.EVENT_TYPE_GROUP_UPDATE)
                                .build())) {
            Group created = grpc.createGroup("rpc", "Over gRPC", List.of("919800000042", "919800000043"));
            assertEquals("Over gRPC", created.getSubject());
            assertEquals(3, created.getParticipantsCount());
            assertTrue(created.getParticipants(0).getIsSuperAdmin());
            String jid = created.getId();
            // The same group through REST.
            assertEquals("Over gRPC", api.get(groups("rpc") + "/" + jid, key).get("subject"));
            assertEquals(
                    List.of(jid),
                    grpc.listGroups("rpc").stream().map(Group::getId).toList());

            List<ParticipantResult> added = grpc.updateParticipants(
                    "rpc", jid, ParticipantAction.PARTICIPANT_ACTION_ADD, List.of("919800000044", "999000000044"));
            assertEquals(
                    List.of("ok", "not_on_whatsapp"),
                    added.stream().map(ParticipantResult::getStatus).toList());
            grpc.updateParticipants("rpc", jid, ParticipantAction.PARTICIPANT_ACTION_PROMOTE, List.of("919800000044"));
            assertTrue(grpc.group("rpc", jid).getParticipantsList().stream()
                    .anyMatch(p -> p.getJid().equals("919800000044@s.whatsapp.net") && p.getIsAdmin()));
            grpc.updateParticipants("rpc", jid, ParticipantAction.PARTICIPANT_ACTION_DEMOTE, List.of("919800000044"));
            grpc.updateParticipants("rpc", jid, ParticipantAction.PARTICIPANT_ACTION_REMOVE, List.of("919800000043"));
            assertEquals(3, grpc.group("rpc", jid).getParticipantsCount());

            Group updated = grpc.updateGroup("rpc", jid, null, "Only the description");
            assertEquals("Over gRPC", updated.getSubject());
            assertEquals("Only the description", updated.getDescription());
            InviteCode invite = grpc.groupInviteCode("rpc", jid);
            assertEquals(
                    api.get(groups("rpc") + "/" + jid + "/invite-code", key).get("inviteCode"), invite.getInviteCode());

            WapiClientException noAction = assertThrows(
                    WapiClientException.class,
                    () -> grpc.updateParticipants(
                            "rpc", jid, ParticipantAction.PARTICIPANT_ACTION_UNSPECIFIED, List.of("919800000044")));
            assertEquals("INVALID_REQUEST", noAction.code());
            assertEquals(
                    "INVALID_REQUEST",
                    assertThrows(WapiClientException.class, () -> grpc.createGroup("rpc", "", List.of("919800000042")))
                            .code());
            assertEquals(
                    "INVALID_RECIPIENT",
                    assertThrows(WapiClientException.class, () -> grpc.createGroup("rpc", "x", List.of("abc")))
                            .code());

            grpc.leaveGroup("rpc", jid);
            WapiClientException gone = assertThrows(WapiClientException.class, () -> grpc.group("rpc", jid));
            assertEquals("GROUP_NOT_FOUND", gone.code());
            assertEquals(io.grpc.Status.Code.NOT_FOUND, gone.status());
            assertEquals(
                    "SESSION_NOT_FOUND",
                    assertThrows(WapiClientException.class, () -> grpc.listGroups("nope"))
                            .code());

            List<Event> events = stream.take(5, WAIT);
            assertEquals(
                    List.of("add", "promote", "demote", "remove", ""),
                    events.stream().map(e -> e.getGroup().getAction()).toList());
            assertEquals(EventType.EVENT_TYPE_GROUP_UPDATE, events.get(4).getType());
            assertEquals("Only the description", events.get(4).getGroup().getDescription());
            assertTrue(events.get(4).getGroup().getSubject().isEmpty(), "the subject did not change");
        } finally {
            Grpc.close(channel);
        }
    }
}
