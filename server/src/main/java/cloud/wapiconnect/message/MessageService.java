package cloud.wapiconnect.message;

import cloud.wapiconnect.engine.MessageIds;
import cloud.wapiconnect.engine.OutgoingMessage;
import cloud.wapiconnect.engine.SessionKey;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.idempotency.IdempotencyService;
import cloud.wapiconnect.session.LiveSession;
import cloud.wapiconnect.session.SessionService;
import cloud.wapiconnect.tenant.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Sending messages. */
@ApplicationScoped
public class MessageService {
    private static final Logger LOG = Logger.getLogger(MessageService.class.getName());
    private static final String TEXT = "text";

    private final SessionService sessions;
    private final MessageLog log;
    private final IdempotencyService idempotency;
    private final Clock clock;

    @Inject
    public MessageService(SessionService sessions, MessageLog log, IdempotencyService idempotency, Clock clock) {
        this.sessions = sessions;
        this.log = log;
        this.idempotency = idempotency;
        this.clock = clock;
    }

    /**
     * Sends one message. With an idempotency key, a retry of the same request returns the first
     * result without sending again.
     *
     * @throws WapiException {@code INVALID_REQUEST}, {@code INVALID_RECIPIENT}, {@code UNSUPPORTED_MESSAGE_TYPE},
     *                       {@code SESSION_NOT_FOUND}, {@code SESSION_NOT_READY}, {@code SENT_LIMIT_EXCEEDED},
     *                       {@code RECIPIENT_NOT_ON_WHATSAPP}, {@code ENGINE_UNAVAILABLE},
     *                       {@code IDEMPOTENCY_IN_PROGRESS}, {@code IDEMPOTENCY_KEY_REUSED}
     */
    public SendResult send(Tenant tenant, String sessionId, SendRequest request, Optional<String> idempotencyKey) {
        String type = requireSupportedType(request.type());
        Recipient recipient = Recipient.parse(request.to());
        String text = renderText(request.header(), request.message(), request.footer());
        String fingerprint = sessionId + '\n' + recipient.jid() + '\n' + type + '\n' + text;
        return idempotency.once(tenant.id(), idempotencyKey, fingerprint, SendResult.class,
                () -> sendPrepared(tenant, sessionId, recipient, type, text, MessageIds.next()));
    }

    /**
     * The message type, {@code text} when none is given.
     *
     * @throws WapiException {@code UNSUPPORTED_MESSAGE_TYPE}
     */
    public static String requireSupportedType(String type) {
        String value = type == null || type.isBlank() ? TEXT : type.trim();
        if (!TEXT.equals(value)) {
            throw new WapiException(ErrorCode.UNSUPPORTED_MESSAGE_TYPE,
                    "type '" + value + "' is not supported; supported types: text");
        }
        return value;
    }

    /**
     * A text as WhatsApp shows it: header in bold, footer in italics.
     *
     * @throws WapiException {@code INVALID_REQUEST} when the message is missing or too long
     */
    public static String renderText(String header, String message, String footer) {
        if (message == null || message.isBlank()) {
            throw WapiException.invalid("message is required for type text");
        }
        String text = TextMessages.render(header, message, footer);
        if (text.length() > TextMessages.MAX_LENGTH) {
            throw WapiException.invalid("message is too long (at most " + TextMessages.MAX_LENGTH
                    + " characters with header and footer)");
        }
        return text;
    }

    /**
     * Sends a validated message under an id chosen by the caller (bulk jobs record it before sending,
     * so that a crash mid-send can be resolved afterwards).
     *
     * @throws WapiException {@code SESSION_NOT_FOUND}, {@code SESSION_NOT_READY}, {@code SENT_LIMIT_EXCEEDED},
     *                       {@code RECIPIENT_NOT_ON_WHATSAPP}, {@code ENGINE_UNAVAILABLE}
     */
    public SendResult sendPrepared(Tenant tenant, String sessionId, Recipient recipient, String type, String text,
                                   String messageId) {
        LiveSession session = sessions.requireReady(tenant, sessionId);
        SessionKey key = session.key();
        long now = clock.millis();
        LocalDate day = log.accept(tenant, new LoggedMessage(key.tenantId(), key.sessionId(), messageId,
                Direction.OUTGOING, type, recipient.display(), session.phoneNumber(), text, MessageStatus.PENDING, now));
        try {
            session.connection().send(new OutgoingMessage(messageId, recipient.jid(), text));
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
