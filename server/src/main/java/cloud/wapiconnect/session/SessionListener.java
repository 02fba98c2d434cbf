package cloud.wapiconnect.session;

import cloud.wapiconnect.cluster.ClusterNode;
import cloud.wapiconnect.engine.DisconnectReason;
import cloud.wapiconnect.engine.EngineListener;
import cloud.wapiconnect.engine.GroupEvent;
import cloud.wapiconnect.engine.IncomingEdit;
import cloud.wapiconnect.engine.IncomingMessage;
import cloud.wapiconnect.engine.IncomingRevoke;
import cloud.wapiconnect.engine.LidMapping;
import cloud.wapiconnect.engine.PollVote;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.qr.QrImage;
import cloud.wapiconnect.whatsapp.AckStatus;
import cloud.wapiconnect.whatsapp.SendingLimits;
import java.util.List;
import java.util.logging.Logger;

/**
 * Turns one connection's engine callbacks into live state and stored state, and hands what the number
 * receives to the {@link InboundSink}. Callbacks of a connection that has since been replaced, or whose lease
 * this node lost, are ignored, except messages, which are facts about the linked device whichever connection
 * reports them; credentials are written only under the lease the connection runs under.
 */
final class SessionListener implements EngineListener {
    private static final Logger LOG = Logger.getLogger(SessionListener.class.getName());
    private final LiveSession session;
    private final SessionRegistry registry;
    private final SessionStore store;
    private final InboundSink inbound;
    private final ClusterNode node;

    SessionListener(
            LiveSession session, SessionRegistry registry, SessionStore store, InboundSink inbound, ClusterNode node) {
        this.session = session;
        this.registry = registry;
        this.store = store;
        this.inbound = inbound;
        this.node = node;
    }

    /**
     * Whether this connection still speaks for the session: it is the registered one and runs under the
     * lease this node holds now (a node that lost the session writes nothing more about it).
     */
    private boolean current() {
        return registry.isCurrent(session)
                && node.heldHere(session.key())
                        .filter(g -> g == session.generation())
                        .isPresent();
    }

    /** A status write refused because another node took the session over: that node reports it now. */
    private void fenced(Runnable write) {
        try {
            write.run();
        } catch (WapiException e) {
            LOG.fine(() -> "Status of " + session.key() + " not written: " + e.getMessage());
        }
    }

    @Override
    public void onQr(String qr) {
        if (current()) {
            QrImage code = QrImage.of(qr);
            session.showQr(code);
            fenced(() -> store.qr(session.key(), session.generation(), code));
        }
    }

    @Override
    public void onAuthenticated() {
        if (current()) {
            session.status(SessionStatus.AUTHENTICATED);
            fenced(() -> store.authenticated(session.key(), session.generation()));
        }
    }

    @Override
    public void onReady(String phoneNumber) {
        if (current()) {
            session.ready(phoneNumber);
            fenced(() -> store.ready(session.key(), session.generation(), phoneNumber));
        }
    }

    @Override
    public void onDisconnected(DisconnectReason reason) {
        if (current()) {
            session.disconnected(reason.wireName());
            fenced(() -> store.disconnected(session.key(), session.generation(), reason));
        }
    }

    @Override
    public void onCredentials(byte[] credentials) {
        try {
            store.credentials(session.key(), session.generation(), credentials);
        } catch (WapiException e) {
            // SESSION_MOVING: another node runs the session now; its own connection writes them.
            LOG.info(() -> "Credentials of " + session.key() + " not written: " + e.getMessage());
        }
    }

    @Override
    public void onIncoming(IncomingMessage message) {
        inbound.incoming(session.key(), session.phoneNumber(), message);
    }

    /** Like messages, facts about the linked number whichever connection reports them. */
    @Override
    public void onIncomingEdit(IncomingEdit edit) {
        inbound.incomingEdit(session.key(), edit);
    }

    @Override
    public void onIncomingRevoke(IncomingRevoke revoke) {
        inbound.incomingRevoke(session.key(), revoke);
    }

    @Override
    public void onPollVote(PollVote vote) {
        inbound.pollVote(session.key(), vote);
    }

    @Override
    public void onAck(String messageId, AckStatus status) {
        inbound.ack(session.key(), messageId, status);
    }

    @Override
    public void onLimits(SendingLimits limits) {
        if (current()) {
            session.limits(limits);
            fenced(() -> store.limits(session.key(), session.generation(), limits));
        }
    }

    /** Like messages, a fact about the linked number whichever connection reports it. */
    @Override
    public void onGroupEvent(GroupEvent event) {
        inbound.groupEvent(session.key(), event);
    }

    /** Like messages, facts about the linked number's contacts whichever connection reports them. */
    @Override
    public void onLidMappings(List<LidMapping> mappings) {
        if (!mappings.isEmpty()) {
            inbound.lidMappings(session.key(), mappings);
        }
    }
}
