package cloud.wapiconnect.tenant;

import cloud.wapiconnect.error.WapiException;
import java.util.Locale;

/** What an API key may do. A key holds one or more; the tenant's own key is {@link #FULL}. */
public enum Scope {
    /** Everything the tenant may do, managing sessions, webhooks and keys included. */
    FULL,
    /** Send messages (bulk included) and act in chats and groups, plus everything {@link #READ} allows. */
    SEND,
    /** Only read: statuses, messages, chats, groups, bulk jobs, usage, the event stream. */
    READ;

    /** The name clients write: {@code full}, {@code send}, {@code read}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws WapiException {@code INVALID_REQUEST} for anything but {@code full}, {@code send}, {@code read} */
    public static Scope parse(String value) {
        if (value != null) {
            for (Scope s : values()) {
                if (s.wire().equals(value.trim())) {
                    return s;
                }
            }
        }
        throw WapiException.invalidField("scopes", "scopes must be one or more of full, send, read");
    }
}
