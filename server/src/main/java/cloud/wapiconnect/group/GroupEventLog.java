package cloud.wapiconnect.group;

import cloud.wapiconnect.engine.GroupEvent;
import cloud.wapiconnect.event.EventData;
import cloud.wapiconnect.event.EventLog;
import cloud.wapiconnect.whatsapp.SessionKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

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
        events.append(session, EventData.Group.of(e));
    }
}
