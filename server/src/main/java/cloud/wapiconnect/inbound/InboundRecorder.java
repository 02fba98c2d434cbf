package cloud.wapiconnect.inbound;

import cloud.wapiconnect.engine.GroupEvent;
import cloud.wapiconnect.engine.IncomingEdit;
import cloud.wapiconnect.engine.IncomingMessage;
import cloud.wapiconnect.engine.IncomingRevoke;
import cloud.wapiconnect.engine.LidMapping;
import cloud.wapiconnect.engine.PollVote;
import cloud.wapiconnect.group.GroupEventLog;
import cloud.wapiconnect.identity.ContactIdentities;
import cloud.wapiconnect.identity.ContactIdentity;
import cloud.wapiconnect.message.MessageLog;
import cloud.wapiconnect.message.MessageType;
import cloud.wapiconnect.metrics.WapiMetrics;
import cloud.wapiconnect.session.InboundSink;
import cloud.wapiconnect.whatsapp.AckStatus;
import cloud.wapiconnect.whatsapp.SessionKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * Records what sessions receive: messages, poll votes and acks in the message log, group events in the
 * group event log, and the pairs of LID and phone number they reveal in the session's contact identities. It
 * stands above session, message, group and identity so that the session lifecycle names none of them.
 *
 * <p>A person WhatsApp addresses by LID is recorded by phone number when the session knows it (from this message's
 * alternate address or an earlier pair), with the LID beside it; a pair learned later readdresses the messages logged
 * under the LID alone, so that one person is one chat.
 */
@ApplicationScoped
class InboundRecorder implements InboundSink {
    private final MessageLog messages;
    private final GroupEventLog groups;
    private final WapiMetrics metrics;
    private final ContactIdentities identities;

    @Inject
    InboundRecorder(MessageLog messages, GroupEventLog groups, WapiMetrics metrics, ContactIdentities identities) {
        this.identities = identities;
        this.messages = messages;
        this.groups = groups;
        this.metrics = metrics;
    }

    @Override
    @Transactional
    public void incoming(SessionKey session, String sessionPhone, IncomingMessage message) {
        messages.recordIncoming(session, sessionPhone, identified(session, message));
        // The engine's type string, counted only as one of ours: a label takes no open-ended values.
        metrics.messageIncoming(
                MessageType.fromWire(message.type()).map(MessageType::wireName).orElse("other"));
    }

    /** A LID sender whose number the session knows changes the message it logged under that number. */
    @Override
    @Transactional
    public void incomingEdit(SessionKey session, IncomingEdit edit) {
        messages.recordIncomingEdit(
                session,
                new IncomingEdit(
                        edit.messageId(),
                        phoneIfKnown(session, edit.from()),
                        edit.participant(),
                        edit.body(),
                        edit.timestamp()));
    }

    @Override
    @Transactional
    public void incomingRevoke(SessionKey session, IncomingRevoke revoke) {
        messages.recordIncomingRevoke(
                session,
                new IncomingRevoke(
                        revoke.messageId(),
                        phoneIfKnown(session, revoke.from()),
                        revoke.participant(),
                        revoke.timestamp()));
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

    @Override
    @Transactional
    public void lidMappings(SessionKey session, List<LidMapping> mappings) {
        for (LidMapping m : mappings) {
            learn(session, m.phoneJid(), m.lidJid());
        }
    }

    /**
     * The message with its sender (and group participant) as the session knows them, after learning the pair the
     * message itself carries. A message without any LID stays exactly as the engine reported it.
     */
    private IncomingMessage identified(SessionKey session, IncomingMessage m) {
        String from = m.from();
        String fromLid = m.fromLid();
        if (!m.isGroup()) {
            ContactIdentity sender = person(session, from, fromLid);
            if (sender.lid() != null) {
                from = sender.phone() != null ? sender.phoneJid() : sender.lidJid();
                fromLid = sender.lidJid();
            }
        }
        String participant = m.participant();
        String participantLid = m.participantLid();
        if (m.isGroup() && participant != null) {
            ContactIdentity writer = person(session, participant, participantLid);
            if (writer.lid() != null) {
                participant = writer.phone() != null ? writer.phoneJid() : writer.lidJid();
                participantLid = writer.lidJid();
            }
        }
        if (fromLid == null && participantLid == null) {
            return m;
        }
        return m.withSender(from, fromLid, participant, participantLid);
    }

    /** Both forms of a person as the session knows them, once the pair the engine gave ({@code jid}, {@code lidJid}) is kept. */
    private ContactIdentity person(SessionKey session, String jid, String lidJid) {
        if (ContactIdentity.phoneOf(jid) != null) {
            if (lidJid != null) {
                learn(session, jid, lidJid);
            }
            return identities.of(session, jid);
        }
        return identities.of(session, lidJid != null ? lidJid : jid);
    }

    private void learn(SessionKey session, String phoneJid, String lidJid) {
        ContactIdentity learned = identities.learn(session, phoneJid, lidJid);
        if (learned != null) {
            messages.mergeIdentity(session, learned.phone(), learned.lidJid());
        }
    }

    /** A person's phone-number JID for a LID the session can resolve; anything else as it is. */
    private String phoneIfKnown(SessionKey session, String jid) {
        if (ContactIdentity.lidOf(jid) == null) {
            return jid;
        }
        ContactIdentity known = identities.of(session, jid);
        return known.phone() != null ? known.phoneJid() : jid;
    }
}
