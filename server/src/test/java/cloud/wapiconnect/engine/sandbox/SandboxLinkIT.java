package cloud.wapiconnect.engine.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.engine.DisconnectReason;
import cloud.wapiconnect.engine.EngineConnection;
import cloud.wapiconnect.engine.EngineException;
import cloud.wapiconnect.engine.EngineListener;
import cloud.wapiconnect.engine.GroupEvent;
import cloud.wapiconnect.engine.IncomingMessage;
import cloud.wapiconnect.engine.OutgoingContent;
import cloud.wapiconnect.engine.OutgoingMessage;
import cloud.wapiconnect.engine.PollVote;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.Poll;
import cloud.wapiconnect.whatsapp.AckStatus;
import cloud.wapiconnect.whatsapp.MessageIds;
import cloud.wapiconnect.whatsapp.SessionKey;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulated network's rule "one live connection per linked device" in one process, on the pass's
 * database: a second connection for a session replaces the first, whether it opens here or (its link
 * written as another process would write it) elsewhere; the replaced one is told {@code replaced}, refused
 * by the network, and its session stays disconnected with its link kept.
 */
@HelidonTest
@AddConfig(key = "WAPI_SANDBOX_RECONNECT_DELAY_MS", value = "1500")
class SandboxLinkIT {
    private static final String OTHER_PROCESS = "0123456789abcdef0123456789abcdef";

    @Inject
    SandboxEngine engine;

    @Inject
    SandboxDeliveryRepository deliveries;

    @Inject
    SandboxLinkRepository links;

    @Inject
    WebTarget target;

    private Api api;
    private Api.TestTenant tenant;

    @BeforeEach
    void tenant() {
        api = new Api(target.getUri());
        tenant = api.tenant("business");
    }

    @Test
    void aSecondConnectionInTheSameProcessReplacesTheFirstWhichTheNetworkThenRefuses() throws Exception {
        SessionKey key = new SessionKey(tenant.id(), "engine-local");
        Recorder first = new Recorder();
        EngineConnection one = engine.connect(key, linked("919800000051"), first);
        Poll.until(first::ready, Duration.ofSeconds(10), "the first connection to be ready");
        String before = send(one);
        assertTrue(deliveries.contains(key, before));

        Recorder second = new Recorder();
        EngineConnection two = engine.connect(key, linked("919800000051"), second);
        String refusedId = MessageIds.next();
        EngineException refused = assertThrows(EngineException.class, () -> one.send(text(refusedId)));
        assertEquals(ErrorCode.SESSION_NOT_READY, refused.code());
        assertTrue(refused.getMessage().contains("replaced"), refused.getMessage());
        Poll.until(
                () -> first.disconnects.contains(DisconnectReason.REPLACED),
                Duration.ofSeconds(10),
                "the first connection to hear 'replaced'");
        Poll.until(second::ready, Duration.ofSeconds(10), "the second connection to be ready");

        String after = send(two);
        assertTrue(deliveries.contains(key, after));
        assertFalse(deliveries.contains(key, refusedId), "nothing of the replaced connection reached the network");
        assertEquals(Optional.of(((SandboxConnection) two).id()), links.current(key));
        assertEquals(List.of(DisconnectReason.REPLACED), first.disconnects);
        assertEquals(List.of(), second.disconnects);
        assertTrue(engine.phone(key).isPresent(), "the phone controls drive the new connection");
        two.close();
    }

    @Test
    void aConnectionReplacedByAnotherProcessIsRefusedAtOnceAndClosedWithinATick() throws Exception {
        // Refused on its next action, before the tick noticed: the network checks the link as it records.
        SessionKey busy = new SessionKey(tenant.id(), "engine-busy");
        Recorder sender = new Recorder();
        EngineConnection sending = engine.connect(busy, linked("919800000052"), sender);
        Poll.until(sender::ready, Duration.ofSeconds(10), "the connection to be ready");
        links.open(busy, "ffffffffffffffffffffffffffffffff", OTHER_PROCESS, System.currentTimeMillis());
        String refusedId = MessageIds.next();
        EngineException refused = assertThrows(EngineException.class, () -> sending.send(text(refusedId)));
        assertEquals(ErrorCode.SESSION_NOT_READY, refused.code());
        assertFalse(deliveries.contains(busy, refusedId));
        Poll.until(
                () -> sender.disconnects.contains(DisconnectReason.REPLACED),
                Duration.ofSeconds(10),
                "'replaced' after the refused send");
        assertThrows(EngineException.class, () -> sending.checkNumbers(List.of("919876543210@s.whatsapp.net")));

        // Idle: the tick closes it.
        SessionKey idle = new SessionKey(tenant.id(), "engine-idle");
        Recorder quiet = new Recorder();
        EngineConnection waiting = engine.connect(idle, linked("919800000053"), quiet);
        Poll.until(quiet::ready, Duration.ofSeconds(10), "the idle connection to be ready");
        long taken = System.nanoTime();
        links.open(idle, "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", OTHER_PROCESS, System.currentTimeMillis());
        Poll.until(
                () -> quiet.disconnects.contains(DisconnectReason.REPLACED),
                Duration.ofSeconds(10),
                "the tick to close the idle connection");
        long noticedMs = (System.nanoTime() - taken) / 1_000_000;
        assertTrue(noticedMs < 1500, "noticed after " + noticedMs + " ms");
        String lateId = MessageIds.next();
        assertThrows(EngineException.class, () -> waiting.send(text(lateId)));
        assertFalse(deliveries.contains(idle, lateId));
        assertTrue(engine.phone(idle).isEmpty(), "no phone controls for a replaced connection");
        assertEquals(List.of(DisconnectReason.REPLACED), quiet.disconnects);
    }

    @Test
    void reconnectingTheSameSessionReplacesTheOldConnectionCleanly() throws Exception {
        api.readySession(tenant.key(), "main", "919800000054");
        assertEquals(
                200,
                api.post("/api/sandbox/session/main/connection-lost", tenant.key(), null)
                        .status());
        // While the dropped connection waits to come back by itself, the client connects again.
        assertEquals(
                200,
                api.post("/api/whatsapp/session", tenant.key(), "{\"sessionId\":\"main\"}")
                        .status());
        api.awaitStatus(tenant.key(), "main", "ready");
        Thread.sleep(2000); // past the old connection's reconnect delay: it must not come back
        Api.Response status = api.get("/api/whatsapp/session/main/status", tenant.key());
        assertEquals("ready", status.get("status"), status.toString());
        assertNull(status.get("reason"));
        Api.Response sent = api.post(
                "/api/whatsapp/session/main/send", tenant.key(), "{\"to\":\"919876543210\",\"message\":\"hi\"}");
        assertEquals(200, sent.status(), sent.toString());
        SessionKey key = new SessionKey(tenant.id(), "main");
        assertTrue(deliveries.contains(key, (String) sent.get("messageId")));
    }

    @Test
    void aSessionReplacedElsewhereStaysDisconnectedWithItsLinkUntilConnectedAgain() throws Exception {
        api.readySession(tenant.key(), "moved", "919800000055");
        SessionKey key = new SessionKey(tenant.id(), "moved");
        links.open(key, "dddddddddddddddddddddddddddddddd", OTHER_PROCESS, System.currentTimeMillis());

        Api.Response status = api.awaitStatus(tenant.key(), "moved", "disconnected");
        assertEquals("replaced", status.get("reason"), status.toString());
        Api.Response refused = api.post(
                "/api/whatsapp/session/moved/send", tenant.key(), "{\"to\":\"919876543210\",\"message\":\"no\"}");
        assertEquals(409, refused.status(), refused.toString());
        assertEquals("SESSION_NOT_READY", refused.code());
        assertEquals(0, deliveries.latest(key, 10).size(), "nothing after the link went elsewhere");
        Thread.sleep(2000); // longer than a dropped connection takes to come back: a replaced one does not
        assertEquals(
                "disconnected",
                api.get("/api/whatsapp/session/moved/status", tenant.key()).get("status"));

        // The link (credentials) is kept: connecting again takes it back without a QR.
        api.post("/api/whatsapp/session", tenant.key(), "{\"sessionId\":\"moved\"}");
        assertEquals(
                "919800000055", api.awaitStatus(tenant.key(), "moved", "ready").get("phoneNumber"));
        Api.Response sent = api.post(
                "/api/whatsapp/session/moved/send", tenant.key(), "{\"to\":\"919876543210\",\"message\":\"back\"}");
        assertEquals(200, sent.status(), sent.toString());
    }

    private static Optional<byte[]> linked(String phone) {
        return Optional.of(("sandbox:v1:" + phone).getBytes(StandardCharsets.UTF_8));
    }

    private static OutgoingMessage text(String id) {
        return new OutgoingMessage(id, "919876543210@s.whatsapp.net", new OutgoingContent.Text("hi", false, null));
    }

    private static String send(EngineConnection connection) {
        String id = MessageIds.next();
        connection.send(text(id));
        return id;
    }

    /** What one connection reported. */
    private static final class Recorder implements EngineListener {
        final List<DisconnectReason> disconnects = new CopyOnWriteArrayList<>();
        private volatile boolean ready;

        boolean ready() {
            return ready;
        }

        @Override
        public void onQr(String qr) {}

        @Override
        public void onAuthenticated() {}

        @Override
        public void onReady(String phoneNumber) {
            ready = true;
        }

        @Override
        public void onDisconnected(DisconnectReason reason) {
            ready = false;
            disconnects.add(reason);
        }

        @Override
        public void onCredentials(byte[] credentials) {}

        @Override
        public void onIncoming(IncomingMessage message) {}

        @Override
        public void onPollVote(PollVote vote) {}

        @Override
        public void onIncomingEdit(cloud.wapiconnect.engine.IncomingEdit edit) {}

        @Override
        public void onIncomingRevoke(cloud.wapiconnect.engine.IncomingRevoke revoke) {}

        @Override
        public void onAck(String messageId, AckStatus status) {}

        @Override
        public void onGroupEvent(GroupEvent event) {}

        @Override
        public void onLimits(cloud.wapiconnect.whatsapp.SendingLimits limits) {}
    }
}
