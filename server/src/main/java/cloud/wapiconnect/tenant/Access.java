package cloud.wapiconnect.tenant;

/**
 * What a call needs from the key it was made with, declared once per endpoint: on each REST resource method
 * ({@code rest.auth.Requires}) and for each gRPC method ({@code grpc.GrpcScopes}). {@link KeyScope} decides.
 */
public enum Access {
    /** Reads: statuses, lists, messages, media, usage, the event stream. */
    READ,
    /** Sends messages (bulk included) and acts through a session: presence, read receipts, groups. */
    SEND,
    /** Manages the account: sessions (create, delete, disconnect, pairing), webhooks, API keys, the sandbox. */
    MANAGE
}
