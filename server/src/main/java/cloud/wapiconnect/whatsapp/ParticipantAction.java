package cloud.wapiconnect.whatsapp;

import java.util.Locale;

/** What a group admin can do to participants; {@link #wireName()} is how the API names it. */
public enum ParticipantAction {
    ADD,
    REMOVE,
    PROMOTE,
    DEMOTE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
