package cloud.wapiconnect.inbound;

import cloud.wapiconnect.engine.GroupEvent;
import cloud.wapiconnect.engine.IncomingEdit;
import cloud.wapiconnect.engine.IncomingMessage;
import cloud.wapiconnect.engine.IncomingRevoke;
import cloud.wapiconnect.engine.PollVote;
import cloud.wapiconnect.group.GroupEventLog;
import cloud.wapiconnect.message.MessageLog;
import cloud.wapiconnect.message.MessageType;
import cloud.wapiconnect.metrics.WapiMetrics;
import cloud.wapiconnect.session.InboundSink;
import cloud.wapiconnect.whatsapp.AckStatus;
import cloud.wapiconnect.whatsapp.SessionKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Records what sessions receive: messages, poll votes and acks in the message log, group events in the
 * group event log. It stands above session, message and group so that the session lifecycle names neither log.
 */
@ApplicationScoped
class InboundRecorder implements InboundSink {
    private final MessageLog messages;
    private final GroupEventLog groups;
    private final WapiMetrics metrics;

    @Inject
    InboundRecorder(MessageLog messages, GroupEventLog groups, WapiMetrics metrics) {
        this.messages = messages;
        this.groups = groups;
        this.metrics = metrics;
    }

    @Override
    public void incoming(SessionKey session, String sessionPhone, IncomingMessage message) {
        messages.recordIncoming(session, sessionPhone, message);
        // The engine's type string, counted only as one of ours: a label takes no open-ended values.
        metrics.messageIncoming(
                MessageType.fromWire(message.type()).map(MessageType::wireName).orElse("other"));
    }

    @Override
    public void incomingEdit(SessionKey session, IncomingEdit edit) {
        messages.recordIncomingEdit(session, edit);
    }

    @Override
    public void incomingRevoke(SessionKey session, IncomingRevoke revoke) {
        messages.recordIncomingRevoke(session, revoke);
    }

    @Override
    public void pollVote(SessionKey session, PollVote vote) {
        messages.recordPollVote(session, vote);
    }

    @Override
    public void ack(SessionKey session, String messageId, AckStatus status) {
        messages.recordAck(session, messageId, status);
    }

    @Override
    public void groupEvent(SessionKey session, GroupEvent event) {
        groups.record(session, event);
    }
}
