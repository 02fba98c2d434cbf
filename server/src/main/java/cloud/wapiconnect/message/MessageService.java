package cloud.wapiconnect.message;

import cloud.wapiconnect.engine.EngineException;
import cloud.wapiconnect.engine.IncomingMedia;
import cloud.wapiconnect.engine.OutgoingContent;
import cloud.wapiconnect.engine.OutgoingMessage;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.idempotency.IdempotencyService;
import cloud.wapiconnect.identity.ContactIdentities;
import cloud.wapiconnect.identity.ContactIdentity;
import cloud.wapiconnect.media.Media;
import cloud.wapiconnect.media.MediaResolver;
import cloud.wapiconnect.metrics.WapiMetrics;
import cloud.wapiconnect.preview.LinkPreviewFetcher;
import cloud.wapiconnect.session.LiveSession;
import cloud.wapiconnect.session.SessionService;
import cloud.wapiconnect.tenant.Tenant;
import cloud.wapiconnect.usage.UsageService;
import cloud.wapiconnect.whatsapp.MessageIds;
import cloud.wapiconnect.whatsapp.MessageRef;
import cloud.wapiconnect.whatsapp.PresenceState;
import cloud.wapiconnect.whatsapp.Reaction;
import cloud.wapiconnect.whatsapp.SessionKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Sending single messages of every type; bulk jobs send through {@link #sendPrepared}. */
@ApplicationScoped
public class MessageService {
    private static final Logger LOG = Logger.getLogger(MessageService.class.getName());
    private static final int MAX_READ = 100;
    /** WhatsApp lets a sender edit a message for 15 minutes after sending it (its own rule; later edits are refused). */
    public static final Duration EDIT_WINDOW = Duration.ofMinutes(15);
    /**
     * WhatsApp lets a sender delete a message for everyone for "about 2 days" (its help pages); we refuse from exactly
     * 2 days on, so that a revoke we accept is one WhatsApp still honours.
     */
    public static final Duration REVOKE_WINDOW = Duration.ofDays(2);

    private final SessionService sessions;
    private final MessageLog log;
    private final IdempotencyService idempotency;
    private final MediaResolver resolver;
    private final UsageService usage;
    private final LinkPreviewFetcher previews;
    private final Clock clock;
    private final WapiMetrics metrics;
    private final ContactIdentities identities;

    @Inject
    public MessageService(
            SessionService sessions,
            MessageLog log,
            IdempotencyService idempotency,
            MediaResolver resolver,
            UsageService usage,
            LinkPreviewFetcher previews,
            Clock clock,
            WapiMetrics metrics,
            ContactIdentities identities) {
        this.identities = identities;
        this.sessions = sessions;
        this.log = log;
        this.idempotency = idempotency;
        this.resolver = resolver;
        this.usage = usage;
        this.previews = previews;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * The media of a message the session received, fetched from the engine (which keeps only the latest
     * incoming media of each session). The engine call runs outside any transaction, within its deadline.
     *
     * @throws WapiException {@code SESSION_NOT_FOUND} (also another tenant's session), {@code SESSION_NOT_READY},
     *                       {@code MEDIA_NOT_FOUND} (no such message, no media, or no longer kept),
     *                       {@code ENGINE_UNAVAILABLE}
     */
    public IncomingMedia downloadMedia(Tenant tenant, String sessionId, String messageId) {
        LiveSession session = sessions.requireReady(tenant, sessionId);
        Optional<IncomingMedia> media = messageId == null || messageId.isBlank() || messageId.length() > 128
                ? Optional.empty()
                : session.connection().downloadMedia(messageId);
        return media.orElseThrow(() -> new WapiException(
                ErrorCode.MEDIA_NOT_FOUND, "Session '" + sessionId + "' has no media for message '" + messageId + "'"));
    }

    /**
     * Sends one message of any type. With an idempotency key, a retry of the same request returns the
     * first result without sending (or fetching media) again. A text's link preview is made here, outside
     * any transaction; when none can be made the text goes without one.
     *
     * @throws WapiException the content codes of {@link MessageDraft#of} and {@link MessageDraft#resolveMedia},
     *                       {@code INVALID_RECIPIENT}, {@code SESSION_NOT_FOUND}, {@code SESSION_NOT_READY},
     *                       {@code SENT_LIMIT_EXCEEDED}, {@code RECIPIENT_NOT_ON_WHATSAPP}, {@code WHATSAPP_RATE_LIMITED},
     *                       {@code ENGINE_UNAVAILABLE}, {@code IDEMPOTENCY_IN_PROGRESS}, {@code IDEMPOTENCY_KEY_REUSED}
     */
    public SendResult send(Tenant tenant, String sessionId, SendRequest request, Optional<String> idempotencyKey) {
        Recipient asked = Recipient.parseAllowingLid(request.to());
        MessageDraft draft = MessageDraft.of(request.message(), resolver);
        DraftOptions options = draft.options();
        return idempotency.once(
                tenant.id(),
                idempotencyKey,
                () -> String.join("\n", sessionId, asked.jid(), request.fingerprint()),
                SendResult.class,
                () -> {
                    LiveSession session = sessions.requireReady(tenant, sessionId);
                    Recipient recipient = identified(session.key(), asked);
                    MessageRef replyTo = options.replyTo() == null
                            ? null
                            : inChat(session.key(), recipient, options.replyTo(), "replyTo");
                    MessageRef reactionTarget = draft instanceof ReactionDraft reaction
                            ? inChat(session.key(), recipient, reaction.messageId(), "messageId")
                            : null;
                    OutgoingContent content =
                            previews.withPreview(draft.content(draft.resolveMedia(resolver), reactionTarget));
                    return sendPrepared(
                            tenant,
                            sessionId,
                            recipient,
                            draft.type(),
                            content,
                            new SendOptions(replyTo, options.mentions(), options.typingMs()),
                            MessageIds.next(),
                            session);
                });
    }

    /**
     * Shows a presence: {@code typing}, {@code recording} or {@code paused} in the chat {@code to}, or
     * {@code available} / {@code unavailable} to everyone ({@code to} is then ignored).
     *
     * @throws WapiException {@code INVALID_REQUEST} (unknown state, missing {@code to}), {@code INVALID_RECIPIENT},
     *                       {@code SESSION_NOT_FOUND}, {@code SESSION_NOT_READY}, {@code NOT_SUPPORTED_BY_ENGINE},
     *                       {@code ENGINE_UNAVAILABLE}
     */
    public void sendPresence(Tenant tenant, String sessionId, String to, String state) {
        PresenceState presence = PresenceState.fromWire(state == null ? null : state.strip())
                .orElseThrow(() -> WapiException.invalid(
                        "state must be one of typing, recording, paused, available, unavailable"));
        Recipient asked = null;
        if (presence.perChat()) {
            if (to == null || to.isBlank()) {
                throw WapiException.invalid("to (the chat) is required for state " + presence.wireName());
            }
            asked = Recipient.parseAllowingLid(to);
        }
        LiveSession session = sessions.requireReady(tenant, sessionId);
        String chat = asked == null ? null : identified(session.key(), asked).jid();
        engineCall(session, () -> session.connection().sendPresence(chat, presence));
    }

    /**
     * Marks messages of one chat as read. Messages the log knows are addressed as it knows them (in groups,
     * with who wrote them); others by their id alone.
     *
     * @return how many messages were marked
     * @throws WapiException {@code INVALID_REQUEST} (no ids, more than 100, a blank or overlong id),
     *                       {@code INVALID_RECIPIENT}, {@code SESSION_NOT_FOUND}, {@code SESSION_NOT_READY},
     *                       {@code NOT_SUPPORTED_BY_ENGINE}, {@code ENGINE_UNAVAILABLE}
     */
    public int markRead(Tenant tenant, String sessionId, String chat, List<String> messageIds) {
        Recipient asked = Recipient.parseAllowingLid(chat);
        if (messageIds == null || messageIds.isEmpty() || messageIds.size() > MAX_READ) {
            throw WapiException.invalid("messageIds must list 1 to " + MAX_READ + " message ids");
        }
        Set<String> ids = new LinkedHashSet<>();
        for (String id : messageIds) {
            if (id == null || id.isBlank() || id.strip().length() > MessageTexts.MAX_MESSAGE_ID) {
                throw WapiException.invalid("messageIds: '" + id + "' is not a message id");
            }
            ids.add(id.strip());
        }
        LiveSession session = sessions.requireReady(tenant, sessionId);
        Recipient recipient = identified(session.key(), asked);
        List<MessageRef> refs = ids.stream()
                .map(id -> log.find(session.key(), id)
                        .map(m -> new MessageRef(id, m.direction() == Direction.OUTGOING, m.participant(), null))
                        .orElse(new MessageRef(id, false, null, null)))
                .toList();
        engineCall(session, () -> session.connection().markRead(recipient.jid(), refs));
        return refs.size();
    }

    /**
     * A person as the session knows them: addressed by phone number when it is known (also when asked for by LID),
     * with the LID when known; else as asked (a LID goes to the LID). Groups as they are.
     */
    private Recipient identified(SessionKey session, Recipient asked) {
        if (asked.jid().endsWith(Recipient.GROUP_SUFFIX)) {
            return asked;
        }
        ContactIdentity known = identities.of(session, asked.jid());
        return known.phone() == null ? asked : new Recipient(known.phoneJid(), known.phone(), known.lidJid());
    }

    /**
     * A message of the chat with {@code recipient}, from the log: sent to it or received from it.
     *
     * @throws WapiException {@code MESSAGE_NOT_FOUND}
     */
    private MessageRef inChat(SessionKey session, Recipient recipient, String messageId, String field) {
        return log.find(session, messageId)
                .filter(m -> recipient.display().equals(m.direction() == Direction.OUTGOING ? m.to() : m.from()))
                .map(m -> new MessageRef(m.messageId(), m.direction() == Direction.OUTGOING, m.participant(), m.body()))
                .orElseThrow(() -> new WapiException(
                        ErrorCode.MESSAGE_NOT_FOUND,
                        field + ": no message '" + messageId + "' in the chat with " + recipient.display()));
    }

    /**
     * Replaces the text of a text message this session sent, within {@link #EDIT_WINDOW}; the log shows the new text
     * and when it changed.
     *
     * @return the message as the log now shows it
     * @throws WapiException {@code INVALID_REQUEST} (no text, too long), {@code SESSION_NOT_FOUND},
     *                       {@code SESSION_NOT_READY}, {@code MESSAGE_NOT_FOUND} (also revoked), {@code NOT_OWN_MESSAGE},
     *                       {@code UNSUPPORTED_MESSAGE_TYPE} (not a text), {@code MESSAGE_TOO_OLD},
     *                       {@code NOT_SUPPORTED_BY_ENGINE}, {@code ENGINE_UNAVAILABLE}
     */
    public LoggedMessage edit(Tenant tenant, String sessionId, String messageId, String text) {
        String newText = MessageTexts.text(null, text, null);
        LiveSession session = sessions.requireReady(tenant, sessionId);
        LoggedMessage m = ownSent(session.key(), messageId, "edit");
        if (!MessageType.TEXT.wireName().equals(m.type())) {
            throw new WapiException(
                    ErrorCode.UNSUPPORTED_MESSAGE_TYPE,
                    "Only text messages can be edited; message '" + messageId + "' is of type " + m.type());
        }
        requireYoungerThan(m, EDIT_WINDOW, "edited");
        String chat = Recipient.parse(m.to()).jid();
        engineCall(session, () -> session.connection().edit(chat, own(m), newText));
        log.recordEdit(session.key(), messageId, newText);
        return log.find(session.key(), messageId).orElseThrow();
    }

    /**
     * Deletes a message this session sent for everyone in its chat, within {@link #REVOKE_WINDOW}; the log keeps it
     * and shows when it was revoked (revoking it again changes nothing). With {@code forMe}, instead deletes any
     * message of the log from this linked device only, at any age, where the engine can; the log keeps it unchanged.
     *
     * @return the message as the log now shows it
     * @throws WapiException {@code SESSION_NOT_FOUND}, {@code SESSION_NOT_READY}, {@code MESSAGE_NOT_FOUND},
     *                       {@code NOT_OWN_MESSAGE}, {@code MESSAGE_TOO_OLD}, {@code NOT_SUPPORTED_BY_ENGINE} (as for
     *                       forMe on the sandbox), {@code ENGINE_UNAVAILABLE}
     */
    public LoggedMessage revoke(Tenant tenant, String sessionId, String messageId, boolean forMe) {
        LiveSession session = sessions.requireReady(tenant, sessionId);
        SessionKey key = session.key();
        if (forMe) {
            LoggedMessage m = logged(key, messageId);
            boolean outgoing = m.direction() == Direction.OUTGOING;
            String chat = Recipient.parse(outgoing ? m.to() : m.from()).jid();
            MessageRef ref = new MessageRef(messageId, outgoing, m.participant(), null);
            engineCall(session, () -> session.connection().deleteForMe(chat, ref, m.createdAt()));
            return m;
        }
        LoggedMessage m = ownSent(key, messageId, "revoke");
        if (m.revoked()) {
            return m;
        }
        requireYoungerThan(m, REVOKE_WINDOW, "revoked for everyone");
        String chat = Recipient.parse(m.to()).jid();
        engineCall(session, () -> session.connection().revoke(chat, own(m)));
        log.recordRevoke(key, messageId);
        return log.find(key, messageId).orElseThrow();
    }

    /**
     * Sends a message of the log (sent or received, not revoked) on to {@code to}, marked "Forwarded": a new message
     * with its own id, logged, counted and acknowledged like any send. Reactions cannot be forwarded.
     *
     * @throws WapiException {@code INVALID_RECIPIENT}, {@code MESSAGE_NOT_FOUND}, {@code UNSUPPORTED_MESSAGE_TYPE},
     *                       and the codes of {@link #send} after the content checks
     */
    public SendResult forward(
            Tenant tenant, String sessionId, String messageId, String to, Optional<String> idempotencyKey) {
        Recipient asked = Recipient.parseAllowingLid(to);
        return idempotency.once(
                tenant.id(),
                idempotencyKey,
                () -> String.join("\n", sessionId, asked.jid(), "forward", String.valueOf(messageId)),
                SendResult.class,
                () -> {
                    LiveSession session = sessions.requireReady(tenant, sessionId);
                    Recipient recipient = identified(session.key(), asked);
                    LoggedMessage m = logged(session.key(), messageId);
                    boolean outgoing = m.direction() == Direction.OUTGOING;
                    if (m.revoked() || (outgoing && !wentOut(m))) {
                        throw new WapiException(
                                ErrorCode.MESSAGE_NOT_FOUND,
                                "Message '" + messageId + "' " + (m.revoked() ? "was deleted" : "never went out"));
                    }
                    MessageType type = MessageType.fromWire(m.type())
                            .filter(t -> t != MessageType.REACTION)
                            .orElseThrow(() -> new WapiException(
                                    ErrorCode.UNSUPPORTED_MESSAGE_TYPE,
                                    "Messages of type " + m.type() + " cannot be forwarded"));
                    OutgoingContent content = new OutgoingContent.Forward(
                            new MessageRef(messageId, outgoing, m.participant(), m.body()),
                            Recipient.parse(outgoing ? m.to() : m.from()).jid(),
                            type.wireName(),
                            m.body());
                    return sendPrepared(
                            tenant, sessionId, recipient, type, content, SendOptions.NONE, MessageIds.next(), session);
                });
    }

    /** A message of the session's log, by id. @throws WapiException {@code MESSAGE_NOT_FOUND} */
    private LoggedMessage logged(SessionKey session, String messageId) {
        return (messageId == null || messageId.isBlank() || messageId.length() > MessageTexts.MAX_MESSAGE_ID
                        ? Optional.<LoggedMessage>empty()
                        : log.find(session, messageId))
                .orElseThrow(() -> new WapiException(
                        ErrorCode.MESSAGE_NOT_FOUND,
                        "Session '" + session.sessionId() + "' has no message '" + messageId + "'"));
    }

    /**
     * A message this session sent and the network took: WhatsApp lets only its sender change it.
     *
     * @throws WapiException {@code MESSAGE_NOT_FOUND}, {@code NOT_OWN_MESSAGE}
     */
    private LoggedMessage ownSent(SessionKey session, String messageId, String action) {
        LoggedMessage m = logged(session, messageId);
        if (m.direction() != Direction.OUTGOING) {
            throw new WapiException(
                    ErrorCode.NOT_OWN_MESSAGE,
                    "Message '" + messageId + "' was received, not sent by this session: only its sender can " + action
                            + " it");
        }
        if (!wentOut(m)) {
            throw new WapiException(
                    ErrorCode.NOT_OWN_MESSAGE,
                    "Message '" + messageId + "' never went out (" + m.status().wireName() + "): nothing to " + action);
        }
        if (m.revoked() && action.equals("edit")) {
            throw new WapiException(
                    ErrorCode.MESSAGE_NOT_FOUND, "Message '" + messageId + "' was deleted for everyone");
        }
        return m;
    }

    private static boolean wentOut(LoggedMessage m) {
        return m.status() != MessageStatus.PENDING && m.status() != MessageStatus.FAILED;
    }

    private void requireYoungerThan(LoggedMessage m, Duration window, String what) {
        if (clock.millis() - m.createdAt() >= window.toMillis()) {
            throw new WapiException(
                    ErrorCode.MESSAGE_TOO_OLD,
                    "WhatsApp lets a message be " + what + " for " + describe(window) + " after it was sent; message '"
                            + m.messageId() + "' is older",
                    Map.of("limitSeconds", window.toSeconds()));
        }
    }

    private static String describe(Duration window) {
        return window.toDays() > 0 ? window.toDays() + " days" : window.toMinutes() + " minutes";
    }

    private static MessageRef own(LoggedMessage m) {
        return new MessageRef(m.messageId(), true, null, m.body());
    }

    private static void engineCall(LiveSession session, Runnable call) {
        try {
            call.run();
        } catch (WapiException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Engine call on " + session.key() + " failed", e);
            throw new WapiException(ErrorCode.ENGINE_UNAVAILABLE, "WhatsApp did not take the request; try again");
        }
    }

    /**
     * Sends prepared content under an id chosen by the caller (bulk jobs record it before sending, so
     * that a crash mid-send can be resolved afterwards).
     *
     * @throws WapiException {@code SESSION_NOT_FOUND}, {@code SESSION_NOT_READY}, {@code SENT_LIMIT_EXCEEDED},
     *                       {@code RECIPIENT_NOT_ON_WHATSAPP}, {@code WHATSAPP_RATE_LIMITED} (details:
     *                       {@code retryAfterSeconds}), {@code ENGINE_UNAVAILABLE}
     */
    public SendResult sendPrepared(
            Tenant tenant,
            String sessionId,
            Recipient recipient,
            MessageType type,
            OutgoingContent content,
            String messageId) {
        return sendPrepared(tenant, sessionId, recipient, type, content, SendOptions.NONE, messageId);
    }

    /**
     * Sends prepared content quoting, mentioning and after "typing…" as {@code options} say. The typing pause
     * comes first and outside any transaction; an engine without presence refuses it before anything is logged.
     *
     * @throws WapiException the codes of {@link #sendPrepared(Tenant, String, Recipient, MessageType, OutgoingContent, String)},
     *                       {@code NOT_SUPPORTED_BY_ENGINE}
     */
    public SendResult sendPrepared(
            Tenant tenant,
            String sessionId,
            Recipient recipient,
            MessageType type,
            OutgoingContent content,
            SendOptions options,
            String messageId) {
        return sendPrepared(tenant, sessionId, recipient, type, content, options, messageId, null);
    }

    /**
     * @param checked the live session the caller found ready, or null. Only another node's snapshot is used as it
     *                is (cluster mode): asking the owner again would cost a second call to it, and the owner's
     *                connection refuses a send it cannot make; this node's own is looked up again (free).
     */
    private SendResult sendPrepared(
            Tenant tenant,
            String sessionId,
            Recipient recipient,
            MessageType type,
            OutgoingContent content,
            SendOptions options,
            String messageId,
            LiveSession checked) {
        LiveSession session = checked != null && checked.ownerNode() != null && options.typingMs() == 0
                ? checked
                : sessions.requireReady(tenant, sessionId);
        if (options.typingMs() > 0) {
            typing(session, recipient.jid(), options.typingMs());
            session = sessions.requireReady(tenant, sessionId);
        }
        long started = System.nanoTime();
        SessionKey key = session.key();
        long now = clock.millis();
        // WhatsApp's reach-out timelock: refused here, before the log and the daily count, rather than by WhatsApp.
        if (session.limits().timeLockedAt(now)) {
            throw EngineException.rateLimited(session.limits().retryAfterSeconds(now));
        }
        Media media = content instanceof OutgoingContent.MediaMessage m ? m.media() : null;
        // The counter row first, in its own transaction (see UsageRepository.ensureRow); then reserve + log in one.
        LocalDate day = usage.prepareToday(tenant);
        log.accept(
                tenant,
                day,
                new LoggedMessage(
                        key.tenantId(),
                        key.sessionId(),
                        messageId,
                        Direction.OUTGOING,
                        type.wireName(),
                        recipient.display(),
                        session.phoneNumber(),
                        content.summary(),
                        MessageStatus.PENDING,
                        now,
                        media == null ? null : MediaInfo.of(media),
                        null,
                        details(content, options),
                        null,
                        null,
                        recipient.lid()),
                session.ownerNode(),
                session.generation());
        metrics.messageAccepted(type.wireName());
        try {
            session.connection()
                    .send(new OutgoingMessage(
                            messageId, recipient.jid(), content, options.replyTo(), options.mentions()));
        } catch (WapiException e) {
            metrics.messageFailed(type.wireName(), e.code().name());
            log.markFailed(tenant, messageId, e.code(), day);
            throw e;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Send on " + key + " failed", e);
            metrics.messageFailed(type.wireName(), ErrorCode.ENGINE_UNAVAILABLE.name());
            log.markFailed(tenant, messageId, ErrorCode.ENGINE_UNAVAILABLE, day);
            throw new WapiException(ErrorCode.ENGINE_UNAVAILABLE, "WhatsApp did not accept the message; try again");
        }
        metrics.messageSent(type.wireName(), Duration.ofNanos(System.nanoTime() - started));
        log.markSent(key, messageId);
        return new SendResult(messageId, now / 1000);
    }

    private static MessageDetails details(OutgoingContent content, SendOptions options) {
        return new MessageDetails(
                content instanceof OutgoingContent.LocationMessage l ? l.location() : null,
                content instanceof OutgoingContent.ContactsMessage c ? c.contacts() : List.of(),
                content instanceof OutgoingContent.ReactionMessage r
                        ? new Reaction(r.target().id(), r.emoji())
                        : null,
                options.replyTo() == null ? null : options.replyTo().id(),
                options.mentions());
    }

    /** "typing…" in the chat for {@code ms}, then paused: the human pacing before a message. */
    private static void typing(LiveSession session, String jid, int ms) {
        engineCall(session, () -> session.connection().sendPresence(jid, PresenceState.TYPING));
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WapiException(ErrorCode.ENGINE_UNAVAILABLE, "Interrupted while typing; the message was not sent");
        }
        engineCall(session, () -> session.connection().sendPresence(jid, PresenceState.PAUSED));
    }
}
