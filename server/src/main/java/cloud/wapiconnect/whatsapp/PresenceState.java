package cloud.wapiconnect.whatsapp;

import java.util.Locale;
import java.util.Optional;

/** What a session shows a chat (typing, recording) or everyone (available, unavailable). */
public enum PresenceState {
    TYPING,
    RECORDING,
    PAUSED,
    AVAILABLE,
    UNAVAILABLE;

    /** Whether the state is shown to one chat; available and unavailable are the account's own. */
    public boolean perChat() {
        return this == TYPING || this == RECORDING || this == PAUSED;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<PresenceState> fromWire(String value) {
        for (PresenceState state : values()) {
            if (state.wireName().equals(value)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }
}
