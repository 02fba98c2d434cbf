package cloud.wapiconnect.group;

import cloud.wapiconnect.engine.GroupEvent;
import cloud.wapiconnect.event.EventLog;
import cloud.wapiconnect.event.EventType;
import cloud.wapiconnect.whatsapp.SessionKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns what engines report about groups into event-log entries (and so webhooks and stream events). */
@ApplicationScoped
public class GroupEventLog {
    private final EventLog events;

    @Inject
    public GroupEventLog(EventLog events) {
        this.events = events;
    }

    /**
     * Appends {@code group_join}, {@code group_leave}, {@code group_participants} or {@code group_update}, with
     * {@code data} {@code {"group","action"?,"participants","author"?,"subject"?,"description"?,"timestamp"}}.
     */
    @Transactional
    public void record(SessionKey session, GroupEvent e) {
        EventType type = switch (e.kind()) {
            case JOIN -> EventType.GROUP_JOIN;
            case LEAVE -> EventType.GROUP_LEAVE;
            case PARTICIPANTS -> EventType.GROUP_PARTICIPANTS;
            case UPDATE -> EventType.GROUP_UPDATE;
        };
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
        events.append(session, type, data);
    }
}
