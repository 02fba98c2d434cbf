package cloud.wapiconnect.event;

/**
 * Something that must happen in the same transaction as every event the {@link EventLog} appends (the webhook
 * outbox queues its deliveries this way: an event is stored if and only if they are). The log calls every hook
 * (CDI beans of this type, application-scoped) after storing the event, inside the appending transaction; a hook
 * that throws rolls the append back.
 */
public interface EventAppendHook {
    /** Called inside the transaction that appends {@code event}; joins it. */
    void appended(Event event);
}
