package cloud.wapiconnect.session;

import cloud.wapiconnect.engine.AckStatus;
import cloud.wapiconnect.engine.DisconnectReason;
import cloud.wapiconnect.engine.EngineListener;
import cloud.wapiconnect.engine.GroupEvent;
import cloud.wapiconnect.engine.IncomingMessage;
import cloud.wapiconnect.engine.PollVote;
import cloud.wapiconnect.group.GroupEventLog;
import cloud.wapiconnect.message.MessageLog;
import cloud.wapiconnect.qr.QrImage;

/**
 * Turns one connection's engine callbacks into live state, stored state and store. Callbacks of a
 * connection that has since been replaced are ignored, except credentials and messages, which are
 * facts about the linked device whichever connection reports them.
 */
final class SessionListener implements EngineListener {
    private final LiveSession session;
    private final SessionRegistry registry;
    private final SessionStore store;
    private final MessageLog messages;
    private final GroupEventLog groups;

    SessionListener(LiveSession session, SessionRegistry registry, SessionStore store, MessageLog messages,
                    GroupEventLog groups) {
        this.session = session;
        this.registry = registry;
        this.store = store;
        this.messages = messages;
        this.groups = groups;
    }

    @Override
    public void onQr(String qr) {
        if (registry.isCurrent(session)) {
            QrImage code = QrImage.of(qr);
            session.showQr(code);
            store.qr(session.key(), code);
        }
    }

    @Override
    public void onAuthenticated() {
        if (registry.isCurrent(session)) {
            session.status(SessionStatus.AUTHENTICATED);
            store.authenticated(session.key());
        }
    }

    @Override
    public void onReady(String phoneNumber) {
        if (registry.isCurrent(session)) {
            session.ready(phoneNumber);
            store.ready(session.key(), phoneNumber);
        }
    }

    @Override
    public void onDisconnected(DisconnectReason reason) {
        if (registry.isCurrent(session)) {
            session.disconnected(reason.wireName());
            store.disconnected(session.key(), reason);
        }
    }

    @Override
    public void onCredentials(byte[] credentials) {
        store.credentials(session.key(), credentials);
    }

    @Override
    public void onIncoming(IncomingMessage message) {
        messages.recordIncoming(session.key(), session.phoneNumber(), message);
    }

    @Override
    public void onPollVote(PollVote vote) {
        messages.recordPollVote(session.key(), vote);
    }

    @Override
    public void onAck(String messageId, AckStatus status) {
        messages.recordAck(session.key(), messageId, status);
    }

    /** Like messages, a fact about the linked number whichever connection reports it. */
    @Override
    public void onGroupEvent(GroupEvent event) {
        groups.record(session.key(), event);
    }
}
