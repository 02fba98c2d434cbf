package cloud.wapiconnect.message;

import cloud.wapiconnect.engine.IncomingMedia;
import cloud.wapiconnect.engine.MessageIds;
import cloud.wapiconnect.engine.OutgoingContent;
import cloud.wapiconnect.engine.OutgoingMessage;
import cloud.wapiconnect.engine.SessionKey;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.idempotency.IdempotencyService;
import cloud.wapiconnect.media.Media;
import cloud.wapiconnect.session.LiveSession;
import cloud.wapiconnect.session.SessionService;
import cloud.wapiconnect.tenant.Tenant;
import cloud.wapiconnect.usage.UsageService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Sending single messages of every type; bulk jobs send through {@link #sendPrepared}. */
@ApplicationScoped
public class MessageService {
    private static final Logger LOG = Logger.getLogger(MessageService.class.getName());

    private final SessionService sessions;
    private final MessageLog log;
    private final IdempotencyService idempotency;
    private final MessageContents contents;
    private final UsageService usage;
    private final Clock clock;

    @Inject
    public MessageService(SessionService sessions, MessageLog log, IdempotencyService idempotency,
                          MessageContents contents, UsageService usage, Clock clock) {
        this.sessions = sessions;
        this.log = log;
        this.idempotency = idempotency;
        this.contents = contents;
        this.usage = usage;
        this.clock = clock;
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
                ? Optional.empty() : session.connection().downloadMedia(messageId);
        return media.orElseThrow(() -> new WapiException(ErrorCode.MEDIA_NOT_FOUND,
                "Session '" + sessionId + "' has no media for message '" + messageId + "'"));
    }

    /**
     * Sends one message of any type. With an idempotency key, a retry of the same request returns the
     * first result without sending (or fetching media) again.
     *
     * @throws WapiException the content codes of {@link MessageContents#draft} and {@link MessageContents#resolveMedia},
     *                       {@code INVALID_RECIPIENT}, {@code SESSION_NOT_FOUND}, {@code SESSION_NOT_READY},
     *                       {@code SENT_LIMIT_EXCEEDED}, {@code RECIPIENT_NOT_ON_WHATSAPP}, {@code ENGINE_UNAVAILABLE},
     *                       {@code IDEMPOTENCY_IN_PROGRESS}, {@code IDEMPOTENCY_KEY_REUSED}
     */
    public SendResult send(Tenant tenant, String sessionId, SendRequest request, Optional<String> idempotencyKey) {
        Recipient recipient = Recipient.parse(request.to());
        MessageDraft draft = contents.draft(request);
        return idempotency.once(tenant.id(), idempotencyKey,
                () -> String.join("\n", sessionId, recipient.jid(), request.fingerprint()),
                SendResult.class, () -> {
            sessions.requireReady(tenant, sessionId);
            OutgoingContent content = contents.content(draft, contents.resolveMedia(draft));
            return sendPrepared(tenant, sessionId, recipient, draft.type(), content, MessageIds.next());
        });
    }

    /**
     * Sends prepared content under an id chosen by the caller (bulk jobs record it before sending, so
     * that a crash mid-send can be resolved afterwards).
     *
     * @throws WapiException {@code SESSION_NOT_FOUND}, {@code SESSION_NOT_READY}, {@code SENT_LIMIT_EXCEEDED},
     *                       {@code RECIPIENT_NOT_ON_WHATSAPP}, {@code ENGINE_UNAVAILABLE}
     */
    public SendResult sendPrepared(Tenant tenant, String sessionId, Recipient recipient, String type,
                                   OutgoingContent content, String messageId) {
        LiveSession session = sessions.requireReady(tenant, sessionId);
        SessionKey key = session.key();
        long now = clock.millis();
        Media media = content instanceof OutgoingContent.MediaMessage m ? m.media() : null;
        // The counter row first, in its own transaction (see UsageRepository.ensureRow); then reserve + log in one.
        LocalDate day = usage.prepareToday(tenant);
        log.accept(tenant, day, new LoggedMessage(key.tenantId(), key.sessionId(), messageId,
                Direction.OUTGOING, type, recipient.display(), session.phoneNumber(), content.summary(),
                MessageStatus.PENDING, now, media == null ? null : MediaInfo.of(media)));
        try {
            session.connection().send(new OutgoingMessage(messageId, recipient.jid(), content));
        } catch (WapiException e) {
            log.markFailed(tenant, messageId, e.code(), day);
            throw e;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Send on " + key + " failed", e);
            log.markFailed(tenant, messageId, ErrorCode.ENGINE_UNAVAILABLE, day);
            throw new WapiException(ErrorCode.ENGINE_UNAVAILABLE, "WhatsApp did not accept the message; try again");
        }
        log.markSent(key, messageId);
        return new SendResult(messageId, now / 1000);
    }
}
