package cloud.wapiconnect.error;

/**
 * The one error vocabulary of WapiConnect. Each facade maps every code in one exhaustive switch
 * (REST: {@code rest.error.HttpStatuses}); the string clients see is {@link #name()}.
 */
public enum ErrorCode {
    /** Malformed body, wrong field types, missing or invalid parameters. */
    INVALID_REQUEST,
    /** Body larger than the server accepts. */
    PAYLOAD_TOO_LARGE,
    INVALID_SESSION_ID,
    INVALID_RECIPIENT,
    UNSUPPORTED_MESSAGE_TYPE,
    /** A media type without mediaUrl or mediaBase64. */
    MEDIA_REQUIRED,
    /** Both mediaUrl and mediaBase64: send exactly one. */
    MEDIA_SOURCE_CONFLICT,
    /** mediaBase64 is not valid base64, or the media is empty. */
    INVALID_MEDIA,
    /** The bytes are not of the kind the type says (a PDF sent as an image). */
    MEDIA_TYPE_MISMATCH,
    /** Larger than the limit for its type (details: {@code limit} in bytes). */
    MEDIA_TOO_LARGE,
    /** mediaUrl points somewhere the server may not go (not http(s), private, loopback, metadata). */
    MEDIA_URL_FORBIDDEN,
    /** mediaUrl could not be fetched (status code, timeout); the message says why. */
    MEDIA_FETCH_FAILED,
    /** A poll with fewer than 2 or more than 12 distinct options, or a bad selectableCount. */
    INVALID_POLL,
    /** A webhook URL that is not an absolute http(s) URL. */
    INVALID_WEBHOOK_URL,
    /** A webhook URL whose host is, or resolves to, a loopback, private, link-local or metadata address. */
    WEBHOOK_URL_FORBIDDEN,
    /** A session's {@code proxy} that is not {@code socks5://} or {@code http://} with a host and a port. */
    INVALID_PROXY,
    /** A session's proxy whose host is, or resolves to, a loopback, private, link-local or metadata address. */
    PROXY_FORBIDDEN,
    /** Missing or wrong API key or admin key. */
    UNAUTHORIZED,
    TENANT_SUSPENDED,
    /**
     * The API key is good but its scopes do not allow this call: a {@code read} key sending, a {@code send} key
     * managing sessions, webhooks or keys, or a key restricted to some sessions used on another session.
     */
    KEY_SCOPE_FORBIDDEN,
    /** Portal: the account's email address is not verified yet (follow the link in the mail, or ask for a new one). */
    EMAIL_NOT_VERIFIED,
    /** Portal: a verification or password-reset link that is unknown, used or expired. */
    INVALID_LINK,
    /** Portal: a state-changing form or call without the page's CSRF token, or from another origin. */
    CSRF_REJECTED,
    /** Too many failed portal logins, or wrong admin keys, from the address (details: {@code retryAfterSeconds}). */
    TOO_MANY_ATTEMPTS,
    SESSION_LIMIT_REACHED,
    /** A tenant has as many webhook endpoints as allowed (details: {@code limit}, {@code used}). */
    WEBHOOK_LIMIT_REACHED,
    NOT_FOUND,
    SESSION_NOT_FOUND,
    BULK_JOB_NOT_FOUND,
    TENANT_NOT_FOUND,
    WEBHOOK_NOT_FOUND,
    /** No API key with that id for this tenant (never was, or revoked). */
    API_KEY_NOT_FOUND,
    /** The webhook was disabled (its receiver answered 410 Gone); saving it again enables it. */
    WEBHOOK_DISABLED,
    /** No webhook delivery of that event id for this tenant. */
    DELIVERY_NOT_FOUND,
    /** The session received no message with that id that carries media, or no longer keeps its media. */
    MEDIA_NOT_FOUND,
    /** No message with that id in that chat of the session's log (the target of a reply or reaction). */
    MESSAGE_NOT_FOUND,
    /**
     * Editing or revoking a message the session did not send: someone else's (incoming), or one of its own that never
     * went out (failed). WhatsApp lets a sender change only its own messages.
     */
    NOT_OWN_MESSAGE,
    /**
     * The message is older than WhatsApp lets its sender change it: 15 minutes to edit, about 2 days to revoke for
     * everyone (details: {@code limitSeconds}).
     */
    MESSAGE_TOO_OLD,
    /** The session's number is not in a group with that JID (never was, left it, or was removed). */
    GROUP_NOT_FOUND,
    /**
     * The session knows no LID for that phone number, nor a phone number for that LID (the contact lookup): WhatsApp
     * has not shown it the pair yet.
     */
    CONTACT_NOT_FOUND,
    METHOD_NOT_ALLOWED,
    SESSION_NOT_READY,
    /** The phone unlinked the device, or WhatsApp did: the session needs a new QR scan. */
    SESSION_LOGGED_OUT,
    /** A pairing code was asked for a session whose device is already linked to a phone. */
    SESSION_ALREADY_LINKED,
    /** Changing a group's participants or settings needs the session's number to be a group admin. */
    NOT_GROUP_ADMIN,
    /** The bulk job already ended (completed, or failed: cancelled jobs are failed with {@code CANCELLED}). */
    BULK_JOB_FINISHED,
    /** The same Idempotency-Key is still being processed by an earlier request. */
    IDEMPOTENCY_IN_PROGRESS,
    /** The Idempotency-Key was first used with a different request. */
    IDEMPOTENCY_KEY_REUSED,
    RECIPIENT_NOT_ON_WHATSAPP,
    /** The session's engine cannot do this (a message type, presence, groups …); another engine may. */
    NOT_SUPPORTED_BY_ENGINE,
    SENT_LIMIT_EXCEEDED,
    /**
     * A bulk job beyond the plan's bounds: {@code maxBulkJobs} queued or running at a time, or
     * {@code maxBulkRecipients} recipients queued or being sent (details: {@code bound}, the plan field;
     * {@code limit}; {@code used}; and for recipients {@code requested}).
     */
    BULK_LIMIT_REACHED,
    /**
     * WhatsApp refused the send: the number is under its reach-out timelock (WhatsApp's error 463; see the
     * session's {@code limits}). Details: {@code retryAfterSeconds} (REST also sends {@code Retry-After}, gRPC a
     * {@code RetryInfo}); nothing was sent or counted.
     */
    WHATSAPP_RATE_LIMITED,
    /** The WhatsApp network could not be reached or did not answer in time. */
    ENGINE_UNAVAILABLE,
    /**
     * Cluster mode: the session is being handed over to another node (details: {@code retryAfterSeconds}; REST
     * also sends {@code Retry-After}, gRPC a {@code RetryInfo}). Nothing was done: try again after that.
     */
    SESSION_MOVING,
    /** Cluster mode: the operator named a node that is dead or draining (a session cannot move there). */
    NODE_NOT_LIVE,
    /** An event stream asked to resume from an event the log no longer keeps (details: {@code oldestId}). */
    EVENTS_EXPIRED,
    /** An event stream's reader fell so far behind that its buffer overflowed: resume from the last id seen. */
    SUBSCRIBER_TOO_SLOW,
    /** The server stopped while the message was being handed to WhatsApp, and the engine cannot tell whether it went out. */
    INTERRUPTED,
    /** A bulk job's outcome only (job {@code error.code}, with {@code status} failed): its owner cancelled it. */
    CANCELLED,
    INTERNAL_ERROR
}
