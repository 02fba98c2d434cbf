package cloud.wapiconnect.session;

import cloud.wapiconnect.engine.DisconnectReason;
import cloud.wapiconnect.engine.EngineListener;
import cloud.wapiconnect.engine.GroupEvent;
import cloud.wapiconnect.engine.IncomingMessage;
import cloud.wapiconnect.engine.PollVote;
import cloud.wapiconnect.qr.QrImage;
import cloud.wapiconnect.whatsapp.AckStatus;

/**
 * Turns one connection's engine callbacks into live state and stored state, and hands what the number
 * receives to the {@link InboundSink}. Callbacks of a connection that has since been replaced are ignored,
 * except credentials and messages, which are facts about the linked device whichever connection reports them.
 */
final class SessionListener implements EngineListener {
    private final LiveSession session;
    private final SessionRegistry registry;
    private final SessionStore store;
    private final InboundSink inbound;

    SessionListener(LiveSession session, SessionRegistry registry, SessionStore store, InboundSink inbound) {
        this.session = session;
        this.registry = registry;
        this.store = store;
        this.inbound = inbound;
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
        inbound.incoming(session.key(), session.phoneNumber(), message);
    }

    @Override
    public void onPollVote(PollVote vote) {
        inbound.pollVote(session.key(), vote);
    }

    @Override
    public void onAck(String messageId, AckStatus status) {
        inbound.ack(session.key(), messageId, status);
    }

    /** Like messages, a fact about the linked number whichever connection reports it. */
    @Override
    public void onGroupEvent(GroupEvent event) {
        inbound.groupEvent(session.key(), event);
    }
}
