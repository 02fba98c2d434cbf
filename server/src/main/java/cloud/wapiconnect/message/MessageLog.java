package cloud.wapiconnect.message;

import cloud.wapiconnect.cluster.LeaseFence;
import cloud.wapiconnect.engine.IncomingEdit;
import cloud.wapiconnect.engine.IncomingMessage;
import cloud.wapiconnect.engine.IncomingRevoke;
import cloud.wapiconnect.engine.PollVote;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.event.EventData;
import cloud.wapiconnect.event.EventLog;
import cloud.wapiconnect.paging.PageSize;
import cloud.wapiconnect.stats.DayRange;
import cloud.wapiconnect.tenant.Tenant;
import cloud.wapiconnect.usage.UsageService;
import cloud.wapiconnect.whatsapp.AckStatus;
import cloud.wapiconnect.whatsapp.SessionKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The message log and the daily allowance it consumes. Every method is one transaction; none does
 * network I/O.
 */
@ApplicationScoped
public class MessageLog {
    private static final Set<MessageStatus> BEFORE_SENT = EnumSet.of(MessageStatus.PENDING);

    private final MessageRepository messages;
    private final UsageService usage;
    private final EventLog events;
    private final Clock clock;
    private final LeaseFence fence;

    @Inject
    public MessageLog(MessageRepository messages, UsageService usage, EventLog events, Clock clock, LeaseFence fence) {
        this.fence = fence;
        this.messages = messages;
        this.usage = usage;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Takes one message of the day's allowance and logs the message as {@code pending}, in one
     * transaction, if this node (or, for a send forwarded to another node, {@code ownerNode}) still holds the
     * session's lease at {@code generation} (checked in the same transaction: a node that lost the session sends
     * nothing for it). The day's counter must exist:
     * {@link UsageService#prepareToday}, called first and outside this transaction.
     *
     * @throws WapiException {@code SENT_LIMIT_EXCEEDED}, {@code SESSION_MOVING}
     */
    @Transactional
    void accept(Tenant tenant, LocalDate day, LoggedMessage pending, String ownerNode, long generation) {
        SessionKey key = new SessionKey(pending.tenantId(), pending.sessionId());
        if (ownerNode == null) {
            fence.require(key, generation);
        } else {
            fence.requireHeldBy(key, ownerNode, generation);
        }
        usage.reserve(tenant, day);
        messages.insert(pending);
    }

    /** The network accepted the message; the {@code sent} ack may already have said so. */
    @Transactional
    void markSent(SessionKey session, String messageId) {
        advance(session, messageId, MessageStatus.SENT);
    }

    /** The network refused the message: it is logged as failed and gives its allowance back. */
    @Transactional
    void markFailed(Tenant tenant, String messageId, ErrorCode reason, LocalDate day) {
        messages.advanceStatus(
                tenant.id(), messageId, MessageStatus.FAILED, BEFORE_SENT, reason.name(), clock.millis());
        usage.release(tenant, day);
    }

    /**
     * Settles a message that was being handed to the engine when the server stopped: sent if the
     * engine confirms it, otherwise failed with {@code INTERRUPTED} and its allowance given back.
     */
    @Transactional
    public void settleInterrupted(SessionKey session, String messageId, boolean confirmedSent) {
        if (confirmedSent) {
            advance(session, messageId, MessageStatus.SENT);
            return;
        }
        messages.createdAt(session.tenantId(), messageId).ifPresent(createdAt -> {
            if (messages.advanceStatus(
                    session.tenantId(),
                    messageId,
                    MessageStatus.FAILED,
                    BEFORE_SENT,
                    ErrorCode.INTERRUPTED.name(),
                    clock.millis())) {
                usage.releaseOn(
                        session.tenantId(), LocalDate.ofInstant(Instant.ofEpochMilli(createdAt), ZoneOffset.UTC));
            }
        });
    }

    /**
     * Logs a received message and appends its {@code message} event. {@code m} names its sender as the session knows
     * them: {@code from} the phone-number JID when known (logged as digits), else the LID JID; {@code fromLid} the LID.
     */
    @Transactional
    public void recordIncoming(SessionKey session, String sessionPhone, IncomingMessage m) {
        String from = m.from().endsWith(Recipient.USER_SUFFIX)
                ? m.from().substring(0, m.from().length() - Recipient.USER_SUFFIX.length())
                : m.from();
        MessageDetails details =
                new MessageDetails(m.location(), m.contacts(), m.reaction(), m.quotedMessageId(), m.mentions());
        messages.insert(new LoggedMessage(
                session.tenantId(),
                session.sessionId(),
                m.id(),
                Direction.INCOMING,
                m.type(),
                sessionPhone,
                from,
                m.body(),
                MessageStatus.RECEIVED,
                m.timestamp(),
                null,
                m.participant(),
                details,
                null,
                null,
                m.isGroup() ? null : m.fromLid()));
        events.append(session, EventData.Message.of(m));
    }

    /**
     * The session learned that {@code lidJid} is the person with the number {@code phone} (digits): messages logged
     * under the LID alone now show the number (and keep the LID), so that their chat and the number's are one.
     *
     * @return how many messages changed
     */
    @Transactional
    public int mergeIdentity(SessionKey session, String phone, String lidJid) {
        return messages.mergeIdentity(session.tenantId(), session.sessionId(), phone, lidJid, clock.millis());
    }

    /** The session edited one of its messages: the log shows the new text and when. */
    @Transactional
    void recordEdit(SessionKey session, String messageId, String body) {
        messages.edit(session.tenantId(), session.sessionId(), messageId, body, clock.millis());
    }

    /** The session revoked one of its messages for everyone: the log keeps it and shows when. */
    @Transactional
    void recordRevoke(SessionKey session, String messageId) {
        messages.revoke(session.tenantId(), session.sessionId(), messageId, clock.millis());
    }

    /**
     * The other side edited a message it had sent: the log's entry (if the log has it, as received from that chat)
     * shows the new text, and a {@code message_edited} event says so either way.
     */
    @Transactional
    public void recordIncomingEdit(SessionKey session, IncomingEdit edit) {
        if (receivedFrom(session, edit.messageId(), edit.from())) {
            messages.edit(session.tenantId(), session.sessionId(), edit.messageId(), edit.body(), edit.timestamp());
        }
        events.append(session, EventData.MessageEdited.of(edit));
    }

    /** The other side deleted a message for everyone: the log's entry shows when, and a {@code message_revoked} event. */
    @Transactional
    public void recordIncomingRevoke(SessionKey session, IncomingRevoke revoke) {
        if (receivedFrom(session, revoke.messageId(), revoke.from())) {
            messages.revoke(session.tenantId(), session.sessionId(), revoke.messageId(), revoke.timestamp());
        }
        events.append(session, EventData.MessageRevoked.of(revoke));
    }

    /** Whether the log has the message as received in that chat: nobody changes another chat's messages. */
    private boolean receivedFrom(SessionKey session, String messageId, String chatJid) {
        String chat = chatJid.endsWith(Recipient.USER_SUFFIX)
                ? chatJid.substring(0, chatJid.length() - Recipient.USER_SUFFIX.length())
                : chatJid;
        return messages.find(session.tenantId(), session.sessionId(), messageId)
                .filter(m -> m.direction() == Direction.INCOMING && chat.equals(m.from()))
                .isPresent();
    }

    /** A vote on one of the session's polls: an event only (the poll itself stays as it was logged). */
    @Transactional
    public void recordPollVote(SessionKey session, PollVote vote) {
        events.append(
                session,
                new EventData.PollVote(
                        vote.pollMessageId(), vote.chat(), vote.voter(), vote.options(), vote.timestamp()));
    }

    /** A message of the session's log, sent or received. */
    @Transactional
    public java.util.Optional<LoggedMessage> find(SessionKey session, String messageId) {
        return messages.find(session.tenantId(), session.sessionId(), messageId);
    }

    /** Applies a delivery ack; acks that would move a status backwards (they can arrive out of order) are dropped. */
    @Transactional
    public void recordAck(SessionKey session, String messageId, AckStatus ack) {
        advance(session, messageId, MessageStatus.of(ack));
    }

    private void advance(SessionKey session, String messageId, MessageStatus status) {
        if (messages.advanceStatus(session.tenantId(), messageId, status, earlierThan(status), null, clock.millis())) {
            events.append(session, new EventData.MessageStatus(messageId, status.wireName()));
        }
    }

    /** A page of the log, newest first ({@code query.paging()} of {@link PageSize#MESSAGES}); past the end, empty. */
    @Transactional
    public MessagePage query(MessageQuery query) {
        long total = messages.count(query);
        List<LoggedMessage> page = query.paging().pastEnd(total) ? List.of() : messages.page(query);
        return new MessagePage(
                page, total, query.paging().page(), query.paging().pages(total));
    }

    /** The tenant's messages per day of {@code days}, every day of the range (zeros where there were none). */
    @Transactional
    public List<DailyTraffic> dailyTraffic(Tenant tenant, DayRange days) {
        long[][] counts = new long[days.days()][3];
        for (long[] row : messages.dailyCounts(tenant.id(), days)) {
            counts[(int) row[0]] = new long[] {row[1], row[2], row[3]};
        }
        List<DailyTraffic> traffic = new ArrayList<>(days.days());
        for (int i = 0; i < days.days(); i++) {
            traffic.add(new DailyTraffic(days.day(i), counts[i][0], counts[i][1], counts[i][2]));
        }
        return traffic;
    }

    private static Set<MessageStatus> earlierThan(MessageStatus status) {
        Set<MessageStatus> earlier = EnumSet.noneOf(MessageStatus.class);
        for (MessageStatus s : List.of(MessageStatus.PENDING, MessageStatus.SENT, MessageStatus.DELIVERED)) {
            if (s.ordinal() < status.ordinal()) {
                earlier.add(s);
            }
        }
        return earlier;
    }
}
