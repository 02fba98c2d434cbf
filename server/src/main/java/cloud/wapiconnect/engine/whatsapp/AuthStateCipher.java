package cloud.wapiconnect.engine.whatsapp;

import cloud.wapiconnect.crypto.Aead;
import cloud.wapiconnect.engine.whatsapp.AuthStateRepository.Key;
import cloud.wapiconnect.whatsapp.SessionKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * Auth-state values sealed with the master key ({@link Aead}); the row's identity (tenant, session, category,
 * key id) is the associated data, so a value copied into another row does not decrypt.
 */
final class AuthStateCipher {
    private final Aead aead;

    AuthStateCipher(byte[] masterKey) {
        this.aead = new Aead(masterKey);
    }

    byte[] encrypt(SessionKey session, Key row, byte[] plain) {
        return aead.seal(plain, associatedData(session, row));
    }

    /** @throws IllegalStateException when the value was not sealed with this key for this row */
    byte[] decrypt(SessionKey session, Key row, byte[] stored) {
        try {
            return aead.open(stored, associatedData(session, row));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "auth state of " + session + " " + row
                            + " does not decrypt: wrong WAPI_MASTER_KEY, or the value was tampered with",
                    e);
        }
    }

    private static byte[] associatedData(SessionKey session, Key row) {
        return String.join("\u0000", session.tenantId(), session.sessionId(), row.category(), row.id())
                .getBytes(StandardCharsets.UTF_8);
    }
}
