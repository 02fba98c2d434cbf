package cloud.wapiconnect.session;

import cloud.wapiconnect.engine.GroupEvent;
import cloud.wapiconnect.engine.IncomingEdit;
import cloud.wapiconnect.engine.IncomingMessage;
import cloud.wapiconnect.engine.IncomingRevoke;
import cloud.wapiconnect.engine.LidMapping;
import cloud.wapiconnect.engine.PollVote;
import cloud.wapiconnect.whatsapp.AckStatus;
import cloud.wapiconnect.whatsapp.SessionKey;
import java.util.List;

/**
 * Where a session hands what its number receives: messages (and their edits and revokes), poll votes, delivery acks and group events.
 * They are facts about the linked number whichever connection reports them. The session only passes them
 * on; {@code inbound.InboundRecorder}, above session, message and group, records them.
 */
public interface InboundSink {
    void incoming(SessionKey session, String sessionPhone, IncomingMessage message);

    void incomingEdit(SessionKey session, IncomingEdit edit);

    void incomingRevoke(SessionKey session, IncomingRevoke revoke);

    void pollVote(SessionKey session, PollVote vote);

    void ack(SessionKey session, String messageId, AckStatus status);

    void groupEvent(SessionKey session, GroupEvent event);

    /** Which LIDs and phone numbers are the same people, as the session's engine learned it. */
    void lidMappings(SessionKey session, List<LidMapping> mappings);
}
