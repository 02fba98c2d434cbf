package cloud.wapiconnect.rest.error;

import cloud.wapiconnect.error.ErrorCode;

/** The REST facade's one mapping from error codes to HTTP statuses. */
public final class HttpStatuses {
    private HttpStatuses() {}

    public static int of(ErrorCode code) {
        return switch (code) {
            case INVALID_REQUEST,
                    INVALID_SESSION_ID,
                    INVALID_RECIPIENT,
                    UNSUPPORTED_MESSAGE_TYPE,
                    MEDIA_REQUIRED,
                    MEDIA_SOURCE_CONFLICT,
                    INVALID_MEDIA,
                    MEDIA_TYPE_MISMATCH,
                    MEDIA_URL_FORBIDDEN,
                    MEDIA_FETCH_FAILED,
                    INVALID_POLL,
                    INVALID_WEBHOOK_URL,
                    WEBHOOK_URL_FORBIDDEN,
                    INVALID_PROXY,
                    PROXY_FORBIDDEN,
                    INVALID_LINK -> 400;
            case UNAUTHORIZED -> 401;
            case TENANT_SUSPENDED,
                    KEY_SCOPE_FORBIDDEN,
                    SESSION_LIMIT_REACHED,
                    WEBHOOK_LIMIT_REACHED,
                    EMAIL_NOT_VERIFIED,
                    CSRF_REJECTED,
                    NOT_GROUP_ADMIN,
                    NOT_OWN_MESSAGE -> 403;
            case NOT_FOUND,
                    SESSION_NOT_FOUND,
                    TENANT_NOT_FOUND,
                    BULK_JOB_NOT_FOUND,
                    WEBHOOK_NOT_FOUND,
                    API_KEY_NOT_FOUND,
                    DELIVERY_NOT_FOUND,
                    MEDIA_NOT_FOUND,
                    MESSAGE_NOT_FOUND,
                    GROUP_NOT_FOUND,
                    CONTACT_NOT_FOUND -> 404;
            case METHOD_NOT_ALLOWED -> 405;
            case SESSION_NOT_READY,
                    SESSION_LOGGED_OUT,
                    SESSION_ALREADY_LINKED,
                    BULK_JOB_FINISHED,
                    IDEMPOTENCY_IN_PROGRESS,
                    WEBHOOK_DISABLED,
                    NODE_NOT_LIVE,
                    CANCELLED -> 409;
            case PAYLOAD_TOO_LARGE, MEDIA_TOO_LARGE -> 413;
            case IDEMPOTENCY_KEY_REUSED, RECIPIENT_NOT_ON_WHATSAPP, NOT_SUPPORTED_BY_ENGINE, MESSAGE_TOO_OLD -> 422;
            case EVENTS_EXPIRED -> 410;
            case SENT_LIMIT_EXCEEDED,
                    BULK_LIMIT_REACHED,
                    SUBSCRIBER_TOO_SLOW,
                    TOO_MANY_ATTEMPTS,
                    WHATSAPP_RATE_LIMITED -> 429;
            case INTERNAL_ERROR -> 500;
            case ENGINE_UNAVAILABLE, INTERRUPTED, SESSION_MOVING -> 503;
        };
    }
}
