package cloud.wapiconnect.grpc;

import cloud.wapiconnect.error.ErrorCode;
import io.grpc.Status;

/** The gRPC facade's one mapping from error codes to gRPC status codes (the REST twin is {@code HttpStatuses}). */
public final class GrpcStatuses {
    private GrpcStatuses() {}

    public static Status.Code of(ErrorCode code) {
        return switch (code) {
            case INVALID_REQUEST,
                    PAYLOAD_TOO_LARGE,
                    INVALID_SESSION_ID,
                    INVALID_RECIPIENT,
                    UNSUPPORTED_MESSAGE_TYPE,
                    MEDIA_REQUIRED,
                    MEDIA_SOURCE_CONFLICT,
                    INVALID_MEDIA,
                    MEDIA_TYPE_MISMATCH,
                    MEDIA_TOO_LARGE,
                    MEDIA_URL_FORBIDDEN,
                    MEDIA_FETCH_FAILED,
                    INVALID_POLL,
                    INVALID_WEBHOOK_URL,
                    WEBHOOK_URL_FORBIDDEN,
                    INVALID_PROXY,
                    PROXY_FORBIDDEN,
                    INVALID_LINK -> Status.Code.INVALID_ARGUMENT;
            case UNAUTHORIZED -> Status.Code.UNAUTHENTICATED;
            // The portal's codes never reach gRPC clients; mapped so that the switch stays exhaustive.
            case TENANT_SUSPENDED, EMAIL_NOT_VERIFIED, CSRF_REJECTED -> Status.Code.PERMISSION_DENIED;
            // A good key whose scopes do not cover the call: the caller is known, the call is not allowed.
            case KEY_SCOPE_FORBIDDEN -> Status.Code.PERMISSION_DENIED;
            // Quotas: the plan's sessions and daily messages; a stream's buffer; WhatsApp's own timelock.
            case SESSION_LIMIT_REACHED,
                    WHATSAPP_RATE_LIMITED,
                    SENT_LIMIT_EXCEEDED,
                    BULK_LIMIT_REACHED,
                    SUBSCRIBER_TOO_SLOW,
                    WEBHOOK_LIMIT_REACHED,
                    TOO_MANY_ATTEMPTS -> Status.Code.RESOURCE_EXHAUSTED;
            case NOT_FOUND,
                    SESSION_NOT_FOUND,
                    BULK_JOB_NOT_FOUND,
                    TENANT_NOT_FOUND,
                    WEBHOOK_NOT_FOUND,
                    API_KEY_NOT_FOUND,
                    DELIVERY_NOT_FOUND,
                    MEDIA_NOT_FOUND,
                    MESSAGE_NOT_FOUND,
                    GROUP_NOT_FOUND,
                    CONTACT_NOT_FOUND -> Status.Code.NOT_FOUND;
            case NOT_GROUP_ADMIN, NOT_OWN_MESSAGE -> Status.Code.PERMISSION_DENIED;
            case METHOD_NOT_ALLOWED, NOT_SUPPORTED_BY_ENGINE -> Status.Code.UNIMPLEMENTED;
            case SESSION_NOT_READY,
                    SESSION_LOGGED_OUT,
                    SESSION_ALREADY_LINKED,
                    BULK_JOB_FINISHED,
                    IDEMPOTENCY_KEY_REUSED,
                    RECIPIENT_NOT_ON_WHATSAPP,
                    MESSAGE_TOO_OLD,
                    NODE_NOT_LIVE,
                    WEBHOOK_DISABLED -> Status.Code.FAILED_PRECONDITION;
            // Only ever a bulk job's recorded outcome, never an RPC's status; not gRPC's CANCELLED, which
            // clients read as "this call was cancelled".
            case CANCELLED -> Status.Code.FAILED_PRECONDITION;
            // Another request with the same key is still running: retrying later is right.
            case IDEMPOTENCY_IN_PROGRESS -> Status.Code.ABORTED;
            case EVENTS_EXPIRED -> Status.Code.OUT_OF_RANGE;
            case ENGINE_UNAVAILABLE -> Status.Code.UNAVAILABLE;
            // Nothing was done and a retry after the RetryInfo's delay is right.
            case SESSION_MOVING -> Status.Code.UNAVAILABLE;
            // The send may or may not have gone out: not UNAVAILABLE, which invites a blind retry.
            case INTERRUPTED -> Status.Code.UNKNOWN;
            case INTERNAL_ERROR -> Status.Code.INTERNAL;
        };
    }
}
