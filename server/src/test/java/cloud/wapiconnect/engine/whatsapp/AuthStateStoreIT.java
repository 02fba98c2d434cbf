package cloud.wapiconnect.engine.whatsapp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.config.WapiConfig;
import cloud.wapiconnect.crypto.MasterKey;
import cloud.wapiconnect.engine.whatsapp.AuthStateRepository.Key;
import cloud.wapiconnect.util.Api;
import cloud.wapiconnect.util.BaileysCreds;
import cloud.wapiconnect.util.TestDatabase;
import cloud.wapiconnect.whatsapp.SessionKey;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real Baileys credentials through the encrypted auth-state store on MariaDB. */
@HelidonTest
class AuthStateStoreIT {
    @Inject
    WebTarget target;

    @Inject
    AuthStateStore store;

    @Inject
    AuthStateRepository repository;

    @Inject
    WapiConfig config;

    private SessionKey session;
    private String tenantKey;

    @BeforeEach
    void session() {
        Api api = new Api(target.getUri());
        Api.TestTenant tenant = api.tenant("business");
        api.post("/api/whatsapp/session", tenant.key(), "{\"sessionId\":\"linked\"}");
        session = new SessionKey(tenant.id(), "linked");
        tenantKey = tenant.key();
    }

    @Test
    void baileysCredentialsAreStoredEncryptedAndRestoredByteForByteAfterARestart() throws Exception {
        byte[] creds = BaileysCreds.generate();
        byte[] preKey = "{\"private\":{\"type\":\"Buffer\",\"data\":\"AAAA\"}}".getBytes(StandardCharsets.UTF_8);
        store.write(session, Map.of(AuthStateStore.CREDS, creds, new Key("pre-key", "1"), preKey), List.of());

        byte[] raw = rawValue(session, AuthStateStore.CREDS);
        assertFalse(new String(raw, StandardCharsets.ISO_8859_1).contains("noiseKey"), "no plaintext at rest");
        assertTrue(raw.length > creds.length, "nonce and tag around the ciphertext");

        // A restart: a new store, with the master key read again from where the server keeps it.
        AuthStateStore restarted = new AuthStateStore(repository, config, Clock.systemUTC());
        assertArrayEquals(creds, restarted.credentials(session));
        assertArrayEquals(
                preKey,
                restarted.read(session, List.of(new Key("pre-key", "1"))).get(new Key("pre-key", "1")));
        assertTrue(restarted.hasCredentials(session));
    }

    @Test
    void mediaAndPollRefsOlderThanTheRetentionArePrunedAndNothingElse() {
        Key old = new Key(AuthStateStore.MEDIA_REF, "3EB0OLD");
        Key oldPoll = new Key(AuthStateStore.POLL_REF, "3EB0OLDPOLL");
        Key recent = new Key(AuthStateStore.MEDIA_REF, "3EB0RECENT");
        Key preKey = new Key("pre-key", "7");
        long now = System.currentTimeMillis();
        AuthStateStore tenDaysAgo = new AuthStateStore(
                repository,
                config,
                Clock.fixed(
                        java.time.Instant.ofEpochMilli(now - Duration.ofDays(10).toMillis()),
                        java.time.ZoneOffset.UTC));
        tenDaysAgo.write(session, Map.of(old, bytes("old"), oldPoll, bytes("poll"), preKey, bytes("key")), List.of());
        store.write(session, Map.of(recent, bytes("recent")), List.of());

        assertTrue(store.pruneMessageRefs(Duration.ofDays(9)) >= 2);
        assertEquals(Map.of(), store.read(session, List.of(old, oldPoll)));
        assertArrayEquals(bytes("recent"), store.read(session, List.of(recent)).get(recent));
        assertArrayEquals(bytes("key"), store.read(session, List.of(preKey)).get(preKey), "signal keys never expire");
    }

    @Test
    void writesReplaceAndDeleteKeysAndAMissingKeyIsAbsent() {
        Key a = new Key("session", "919876543210.0");
        store.write(session, Map.of(a, bytes("one")), List.of());
        store.write(session, Map.of(a, bytes("two")), List.of());
        assertArrayEquals(bytes("two"), store.read(session, List.of(a)).get(a));
        store.write(session, Map.of(), List.of(a));
        assertEquals(Map.of(), store.read(session, List.of(a, new Key("session", "never"))));
    }

    @Test
    void aValueDoesNotDecryptUnderAnotherKeyOrInAnotherRow() {
        Key a = new Key("pre-key", "1");
        AuthStateCipher cipher = new AuthStateCipher(MasterKey.resolve(config));
        byte[] sealed = cipher.encrypt(session, a, bytes("secret"));
        assertArrayEquals(bytes("secret"), cipher.decrypt(session, a, sealed));
        assertThrows(IllegalStateException.class, () -> cipher.decrypt(session, new Key("pre-key", "2"), sealed));
        assertThrows(
                IllegalStateException.class,
                () -> cipher.decrypt(new SessionKey("other", session.sessionId()), a, sealed));
        assertThrows(IllegalStateException.class, () -> new AuthStateCipher(new byte[32]).decrypt(session, a, sealed));
    }

    @Test
    void deletingTheSessionDeletesItsAuthState() {
        store.write(session, Map.of(AuthStateStore.CREDS, bytes("{}")), List.of());
        assertTrue(store.hasCredentials(session));
        new Api(target.getUri()).delete("/api/whatsapp/session/" + session.sessionId(), tenantKey);
        assertFalse(store.hasCredentials(session));
    }

    private static byte[] rawValue(SessionKey session, Key key) throws Exception {
        try (Connection c = TestDatabase.connectToInProcessServer();
                PreparedStatement s =
                        c.prepareStatement("SELECT sealed FROM auth_state WHERE tenant_id = ? AND session_id = ?"
                                + " AND category = ? AND key_id = ?")) {
            s.setString(1, session.tenantId());
            s.setString(2, session.sessionId());
            s.setString(3, key.category());
            s.setString(4, key.id());
            try (ResultSet rs = s.executeQuery()) {
                assertTrue(rs.next(), "a row for " + key);
                return rs.getBytes(1);
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
