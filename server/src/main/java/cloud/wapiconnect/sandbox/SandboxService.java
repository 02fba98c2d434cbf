package cloud.wapiconnect.sandbox;

import cloud.wapiconnect.cluster.Owner;
import cloud.wapiconnect.config.WapiConfig;
import cloud.wapiconnect.engine.IncomingMedia;
import cloud.wapiconnect.engine.IncomingMessage;
import cloud.wapiconnect.engine.sandbox.SandboxDeliveryRepository;
import cloud.wapiconnect.engine.sandbox.SandboxEngine;
import cloud.wapiconnect.engine.sandbox.SimulatedPhone;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.json.Json;
import cloud.wapiconnect.message.Direction;
import cloud.wapiconnect.message.LoggedMessage;
import cloud.wapiconnect.message.MessageLog;
import cloud.wapiconnect.message.MessageType;
import cloud.wapiconnect.message.Recipient;
import cloud.wapiconnect.session.Session;
import cloud.wapiconnect.session.SessionService;
import cloud.wapiconnect.tenant.Tenant;
import cloud.wapiconnect.whatsapp.ContactCard;
import cloud.wapiconnect.whatsapp.Location;
import cloud.wapiconnect.whatsapp.Reaction;
import cloud.wapiconnect.whatsapp.SendingLimits;
import cloud.wapiconnect.whatsapp.SessionKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Base64;
import java.util.List;

/**
 * The control panel of the simulated network: what a phone and the people writing to it would do.
 * Available only while the sandbox engine runs.
 */
@ApplicationScoped
public class SandboxService {
    private static final int DELIVERIES_SHOWN = 100;

    private final SessionService sessions;
    private final SandboxEngine engine;
    private final SandboxDeliveryRepository deliveries;
    private final PeerPhones peers;
    private final MessageLog log;
    private final boolean enabled;
    private final Clock clock;

    @Inject
    public SandboxService(
            SessionService sessions,
            SandboxEngine engine,
            SandboxDeliveryRepository deliveries,
            PeerPhones peers,
            MessageLog log,
            WapiConfig config,
            Clock clock) {
        this.log = log;
        this.clock = clock;
        this.sessions = sessions;
        this.engine = engine;
        this.deliveries = deliveries;
        this.peers = peers;
        this.enabled = config.engine() == WapiConfig.EngineKind.SANDBOX;
    }

    /**
     * The phone scans the session's current QR code.
     *
     * @throws WapiException {@code NOT_FOUND} (no sandbox), {@code SESSION_NOT_FOUND}, {@code SESSION_NOT_READY}
     *                       (no QR shown), {@code INVALID_RECIPIENT} (bad phone number)
     */
    public void scan(Tenant tenant, String sessionId, String phoneNumber) {
        String phone = Recipient.parse(phoneNumber).display();
        if (phone.contains("@")) {
            throw new WapiException(ErrorCode.INVALID_RECIPIENT, "phoneNumber must be a phone number, not a group");
        }
        perform(tenant, sessionId, new PhoneAction.Scan(phone));
    }

    /** Someone writes to the session's number, without an attachment. */
    public String incoming(Tenant tenant, String sessionId, String from, String body, String type, Boolean isGroup) {
        return incoming(tenant, sessionId, from, body, type, isGroup, null, null, null);
    }

    /**
     * Someone writes to the session's number, with an attachment when {@code mediaBase64} is given; its
     * media can then be downloaded like a real incoming message's.
     *
     * @return the id of the new incoming message
     * @throws WapiException {@code NOT_FOUND} (no sandbox), {@code SESSION_NOT_FOUND}, {@code SESSION_NOT_READY},
     *                       {@code INVALID_RECIPIENT}, {@code INVALID_REQUEST}, {@code INVALID_MEDIA}
     */
    public String incoming(
            Tenant tenant,
            String sessionId,
            String from,
            String body,
            String type,
            Boolean isGroup,
            String mediaBase64,
            String mediaMimeType,
            String fileName) {
        return incoming(
                tenant,
                sessionId,
                new SimulatedIncoming(
                        from,
                        body,
                        type,
                        isGroup,
                        mediaBase64,
                        mediaMimeType,
                        fileName,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null));
    }

    /**
     * Someone writes to the session's number: any incoming type, as WhatsApp would report it (a location's
     * body defaults to its coordinates, a contact's to the names, a reaction's to the emoji, as the bridge reports them).
     *
     * @return the id of the new incoming message
     * @throws WapiException {@code NOT_FOUND} (no sandbox), {@code SESSION_NOT_FOUND}, {@code SESSION_NOT_READY},
     *                       {@code INVALID_RECIPIENT}, {@code INVALID_REQUEST}, {@code INVALID_MEDIA}
     */
    public String incoming(Tenant tenant, String sessionId, SimulatedIncoming in) {
        String lidJid = in.lid() == null ? null : lidJid(in.lid(), "lid");
        if (lidJid != null && Boolean.TRUE.equals(in.isGroup())) {
            throw WapiException.invalidField("lid", "lid is the sender of a direct message, not of a group message");
        }
        Recipient sender =
                lidJid != null && in.from() == null ? Recipient.parseAllowingLid(lidJid) : Recipient.parse(in.from());
        if (lidJid != null && sender.jid().endsWith(Recipient.GROUP_SUFFIX)) {
            throw WapiException.invalidField("lid", "lid is the sender of a direct message, not of a group message");
        }
        MessageType messageType = MessageType.fromWire(
                        in.type() == null || in.type().isBlank()
                                ? "text"
                                : in.type().trim())
                .filter(MessageType::simulatedIncoming)
                .orElseThrow(() -> WapiException.invalid(
                        "type must be one of " + MessageType.wireNames(MessageType::simulatedIncoming)));
        Location location = null;
        List<ContactCard> contacts = List.of();
        Reaction reaction = null;
        String body = in.body();
        switch (messageType) {
            case LOCATION -> {
                if (in.latitude() == null
                        || in.longitude() == null
                        || Math.abs(in.latitude()) > 90
                        || Math.abs(in.longitude()) > 180) {
                    throw WapiException.invalid(
                            "latitude (-90..90) and longitude (-180..180) are required for type location");
                }
                location = new Location(in.latitude(), in.longitude(), in.name(), in.address());
                body = body != null ? body : in.latitude() + "," + in.longitude();
            }
            case CONTACT -> {
                if (in.contacts() == null || in.contacts().isEmpty()) {
                    throw WapiException.invalid("contacts are required for type contact");
                }
                contacts = in.contacts().stream()
                        .map(c -> {
                            if (c == null || c.name() == null || c.name().isBlank()) {
                                throw WapiException.invalid("every contact needs a name");
                            }
                            return new ContactCard(c.name(), c.phones(), null);
                        })
                        .toList();
                body = body != null
                        ? body
                        : String.join(
                                ", ", contacts.stream().map(ContactCard::name).toList());
            }
            case REACTION -> {
                if (in.messageId() == null || in.messageId().isBlank() || in.emoji() == null) {
                    throw WapiException.invalid("messageId and emoji (empty: removed) are required for type reaction");
                }
                reaction = new Reaction(in.messageId(), in.emoji());
                body = body != null ? body : in.emoji();
            }
            default -> {}
        }
        if (body == null) {
            throw WapiException.invalid("body is required");
        }
        boolean group = Boolean.TRUE.equals(in.isGroup()) || sender.jid().endsWith(Recipient.GROUP_SUFFIX);
        String participant = null;
        if (in.participant() != null) {
            if (!group) {
                throw WapiException.invalid("participant applies to group messages only");
            }
            participant = Recipient.parse(in.participant()).jid();
        }
        List<String> mentions = in.mentions() == null
                ? List.of()
                : in.mentions().stream().map(m -> Recipient.parse(m).jid()).toList();
        IncomingMedia media = media(messageType, in.mediaBase64(), in.mediaMimeType(), in.fileName());
        IncomingMessage message = new IncomingMessage(
                null,
                sender.jid(),
                body,
                messageType.wireName(),
                group,
                participant,
                media != null,
                0,
                location,
                contacts,
                reaction,
                in.quotedMessageId() == null || in.quotedMessageId().isBlank() ? null : in.quotedMessageId(),
                mentions,
                lidJid,
                null);
        return perform(tenant, sessionId, new PhoneAction.Receive(message, media));
    }

    /**
     * WhatsApp tells the session that a LID and a phone number are one person, as Baileys' {@code lid-mapping.update}
     * does: messages logged under the LID alone now show the number, and the two chats are one.
     *
     * @param lid the LID's digits, or {@code <digits>@lid}
     * @throws WapiException {@code NOT_FOUND} (no sandbox), {@code SESSION_NOT_FOUND}, {@code SESSION_NOT_READY},
     *                       {@code INVALID_RECIPIENT} (phone), {@code INVALID_REQUEST} (lid, with {@code field})
     */
    public void lidMapping(Tenant tenant, String sessionId, String phone, String lid) {
        String lidJid = lidJid(lid, "lid");
        Recipient person = Recipient.parse(phone);
        if (person.jid().endsWith(Recipient.GROUP_SUFFIX)) {
            throw new WapiException(ErrorCode.INVALID_RECIPIENT, "phone must be a phone number, not a group");
        }
        perform(tenant, sessionId, new PhoneAction.MapLid(person.jid(), lidJid));
    }

    /** A LID as its JID, from its digits or its JID. @throws WapiException {@code INVALID_REQUEST} with {@code field} */
    private static String lidJid(String lid, String field) {
        String value = lid == null ? "" : lid.strip();
        String digits = value.endsWith(Recipient.LID_SUFFIX)
                ? value.substring(0, value.length() - Recipient.LID_SUFFIX.length())
                : value;
        if (!digits.matches("[0-9]{1,20}")) {
            throw WapiException.invalidField(field, field + " must be a LID: its digits (1-20), or <digits>@lid");
        }
        return digits + Recipient.LID_SUFFIX;
    }

    /**
     * Someone votes on a poll the session sent (the options replace their earlier vote; none withdraws it).
     *
     * @param from who votes (a phone number); the chat is the one the poll went to
     * @throws WapiException {@code NOT_FOUND} (no sandbox), {@code SESSION_NOT_FOUND}, {@code SESSION_NOT_READY},
     *                       {@code INVALID_RECIPIENT}, {@code MESSAGE_NOT_FOUND} (no such poll), {@code INVALID_POLL}
     *                       (an option the poll does not have, or more than it allows)
     */
    @SuppressWarnings("unchecked")
    public void pollVote(Tenant tenant, String sessionId, String from, String pollMessageId, List<String> options) {
        requireEnabled();
        Recipient voter = Recipient.parse(from);
        Session session = sessions.require(tenant, sessionId);
        SessionKey key = new SessionKey(session.tenantId(), session.sessionId());
        SandboxDeliveryRepository.Delivery poll = (pollMessageId == null
                        ? java.util.Optional.<SandboxDeliveryRepository.Delivery>empty()
                        : deliveries.find(key, pollMessageId))
                .filter(d -> d.poll() != null)
                .orElseThrow(() -> new WapiException(
                        ErrorCode.MESSAGE_NOT_FOUND,
                        "Session '" + sessionId + "' sent no poll '" + pollMessageId + "'"));
        java.util.Map<String, Object> spec = Json.readObject(poll.poll());
        List<String> choices = (List<String>) spec.get("options");
        int selectable = ((Number) spec.get("selectableCount")).intValue();
        List<String> chosen = options == null ? List.of() : List.copyOf(new java.util.LinkedHashSet<>(options));
        if (!choices.containsAll(chosen)) {
            throw new WapiException(ErrorCode.INVALID_POLL, "options must be among the poll's: " + choices);
        }
        if (selectable > 0 && chosen.size() > selectable) {
            throw new WapiException(ErrorCode.INVALID_POLL, "this poll allows " + selectable + " option(s) per vote");
        }
        perform(tenant, sessionId, new PhoneAction.Vote(pollMessageId, poll.to(), voter.jid(), chosen));
    }

    /**
     * The sender of a message the session received changes its text. Produces a {@code message_edited} event, and the
     * log shows the new text.
     *
     * @throws WapiException {@code NOT_FOUND} (no sandbox), {@code SESSION_NOT_FOUND}, {@code SESSION_NOT_READY},
     *                       {@code INVALID_REQUEST} (no body, too long), {@code MESSAGE_NOT_FOUND} (no message the
     *                       session received with that id)
     */
    public void incomingEdit(Tenant tenant, String sessionId, String messageId, String body) {
        if (body == null || body.isBlank() || body.length() > 65_536) {
            throw WapiException.invalid("body (the new text, at most 65536 characters) is required");
        }
        LoggedMessage m = received(tenant, sessionId, messageId);
        perform(tenant, sessionId, new PhoneAction.Edit(messageId, chatJid(m), m.participant(), body));
    }

    /**
     * The sender of a message the session received deletes it for everyone. Produces a {@code message_revoked}
     * event, and the log shows when.
     *
     * @throws WapiException {@code NOT_FOUND} (no sandbox), {@code SESSION_NOT_FOUND}, {@code SESSION_NOT_READY},
     *                       {@code MESSAGE_NOT_FOUND} (no message the session received with that id)
     */
    public void incomingRevoke(Tenant tenant, String sessionId, String messageId) {
        LoggedMessage m = received(tenant, sessionId, messageId);
        perform(tenant, sessionId, new PhoneAction.Revoke(messageId, chatJid(m), m.participant()));
    }

    /** A message the session received: only its sender (the simulated other side) can change it. */
    private LoggedMessage received(Tenant tenant, String sessionId, String messageId) {
        requireEnabled();
        Session session = sessions.require(tenant, sessionId);
        SessionKey key = new SessionKey(session.tenantId(), session.sessionId());
        return (messageId == null || messageId.isBlank()
                        ? java.util.Optional.<LoggedMessage>empty()
                        : log.find(key, messageId))
                .filter(m -> m.direction() == Direction.INCOMING)
                .orElseThrow(() -> new WapiException(
                        ErrorCode.MESSAGE_NOT_FOUND,
                        "Session '" + sessionId + "' received no message '" + messageId + "'"));
    }

    /** The JID of the chat a received message is in, as the engine reports it. */
    private static String chatJid(LoggedMessage m) {
        return Recipient.parse(m.from()).jid();
    }

    private static IncomingMedia media(MessageType type, String mediaBase64, String mimeType, String fileName) {
        if (mediaBase64 == null) {
            if (mimeType != null || fileName != null) {
                throw WapiException.invalid("mediaMimeType and fileName need mediaBase64");
            }
            return null;
        }
        if (type == MessageType.TEXT) {
            throw WapiException.invalid("a message with mediaBase64 needs a media type, not text");
        }
        if (mimeType != null && (mimeType.length() > 100 || !mimeType.matches("[\\w.+-]+/[\\w.+-]+"))) {
            throw WapiException.invalidField(
                    "mediaMimeType", "mediaMimeType must look like type/subtype, at most 100 characters");
        }
        if (fileName != null && fileName.length() > 255) {
            throw WapiException.invalid("fileName must be at most 255 characters");
        }
        byte[] data;
        try {
            data = Base64.getMimeDecoder().decode(mediaBase64);
        } catch (IllegalArgumentException e) {
            throw new WapiException(ErrorCode.INVALID_MEDIA, "mediaBase64 is not valid base64");
        }
        if (data.length == 0) {
            throw new WapiException(ErrorCode.INVALID_MEDIA, "mediaBase64 is empty");
        }
        return new IncomingMedia(data, mimeType, fileName);
    }

    /**
     * Someone else adds the session's number to a group: to {@code groupJid} if the simulated network has it
     * (the session left or was removed earlier), otherwise to a new group {@code by} created. Produces a
     * {@code group_join} event.
     *
     * @param groupJid optional; {@code subject} names a new group (default "Sandbox group")
     * @param by       optional phone number of who adds it (default 919000000001)
     * @return the group's JID
     * @throws WapiException {@code NOT_FOUND} (no sandbox), {@code SESSION_NOT_FOUND}, {@code SESSION_NOT_READY},
     *                       {@code INVALID_RECIPIENT}, {@code INVALID_REQUEST} (already in the group, subject too long)
     */
    public String addedToGroup(Tenant tenant, String sessionId, String groupJid, String subject, String by) {
        String group = groupJid == null ? null : groupJid(groupJid);
        String author = person(by);
        if (subject != null && (subject.isBlank() || subject.length() > 100)) {
            throw WapiException.invalid("subject must be 1 to 100 characters");
        }
        return perform(tenant, sessionId, new PhoneAction.AddedToGroup(group, subject, author));
    }

    /**
     * An admin of the group removes the session's number from it. Produces a {@code group_leave} event.
     *
     * @throws WapiException {@code NOT_FOUND} (no sandbox), {@code SESSION_NOT_FOUND}, {@code SESSION_NOT_READY},
     *                       {@code INVALID_RECIPIENT}, {@code GROUP_NOT_FOUND}
     */
    public void removedFromGroup(Tenant tenant, String sessionId, String groupJid, String by) {
        String group = groupJid(groupJid);
        String author = person(by);
        perform(tenant, sessionId, new PhoneAction.RemovedFromGroup(group, author));
    }

    private static String groupJid(String value) {
        Recipient group = Recipient.parse(value);
        if (!group.jid().endsWith(Recipient.GROUP_SUFFIX)) {
            throw new WapiException(ErrorCode.INVALID_RECIPIENT, "groupJid must be a group JID (<id>@g.us)");
        }
        return group.jid();
    }

    private static String person(String phone) {
        Recipient person = Recipient.parse(phone == null ? "919000000001" : phone);
        if (person.jid().endsWith(Recipient.GROUP_SUFFIX)) {
            throw new WapiException(ErrorCode.INVALID_RECIPIENT, "by must be a phone number, not a group");
        }
        return person.jid();
    }

    public void connectionLost(Tenant tenant, String sessionId) {
        perform(tenant, sessionId, new PhoneAction.DropConnection());
    }

    public void loggedOut(Tenant tenant, String sessionId) {
        perform(tenant, sessionId, new PhoneAction.UnlinkFromPhone());
    }

    /**
     * WhatsApp changes what the session's number may send. A {@code time_locked} reach-out refuses sends (as
     * WhatsApp's error 463) until {@code until}, or until set to {@code ok}; each change is a {@code session_limits}
     * event. A part left null stays as it is.
     *
     * @param until an ISO-8601 instant in the future, only with {@code time_locked}; null: until lifted
     * @throws WapiException {@code NOT_FOUND} (no sandbox), {@code SESSION_NOT_FOUND}, {@code SESSION_NOT_READY},
     *                       {@code INVALID_REQUEST} (with {@code field})
     */
    public void limits(Tenant tenant, String sessionId, String reachOut, String until, String newChats) {
        if (reachOut == null && newChats == null) {
            throw WapiException.invalid("give reachOut and/or newChats");
        }
        if (reachOut != null && SendingLimits.ReachOut.fromWire(reachOut).isEmpty()) {
            throw WapiException.invalidField("reachOut", "reachOut must be ok or time_locked");
        }
        if (newChats != null && SendingLimits.NewChats.fromWire(newChats).isEmpty()) {
            throw WapiException.invalidField(
                    "newChats", "newChats must be one of none, first_warning, second_warning, capped");
        }
        Long end = null;
        if (until != null) {
            if (!"time_locked".equals(reachOut)) {
                throw WapiException.invalidField("until", "until goes with reachOut time_locked");
            }
            try {
                end = java.time.Instant.parse(until).toEpochMilli();
            } catch (java.time.format.DateTimeParseException | ArithmeticException e) {
                throw WapiException.invalidField(
                        "until", "until must be an ISO-8601 time such as 2030-01-01T00:00:00Z");
            }
            if (end <= clock.millis()) {
                throw WapiException.invalidField("until", "until must be in the future");
            }
        }
        perform(tenant, sessionId, new PhoneAction.SetLimits(reachOut, end, newChats));
    }

    /**
     * The network goes silent on the session's connection without closing it: the engine's watchdog finds it dead
     * within {@code WAPI_ENGINE_STALE_MS} ({@code disconnected}, reason {@code stale}) and reconnects ({@code ready}).
     *
     * @throws WapiException {@code NOT_FOUND} (no sandbox), {@code SESSION_NOT_FOUND}, {@code SESSION_NOT_READY}
     */
    public void goSilent(Tenant tenant, String sessionId) {
        perform(tenant, sessionId, new PhoneAction.GoSilent());
    }

    /** What the simulated network received from the session, newest first; kept across restarts. */
    public List<SandboxDeliveryRepository.Delivery> delivered(Tenant tenant, String sessionId) {
        requireEnabled();
        Session session = sessions.require(tenant, sessionId);
        return deliveries.latest(new SessionKey(session.tenantId(), session.sessionId()), DELIVERIES_SHOWN);
    }

    /**
     * Applies the action to the session's simulated phone, on the node that runs the session's connection
     * (cluster mode: that node may be another one).
     */
    private String perform(Tenant tenant, String sessionId, PhoneAction action) {
        requireEnabled();
        Session session = sessions.require(tenant, sessionId);
        SessionKey key = new SessionKey(session.tenantId(), session.sessionId());
        if (sessions.locate(key) instanceof Owner.Elsewhere owner) {
            return peers.apply(owner, key, action.getClass().getSimpleName(), Json.write(action));
        }
        return applyLocally(key, action);
    }

    /**
     * Owner side of {@link PeerPhones}: an action another node sent for a session this node runs (the caller
     * checked that this node holds it).
     *
     * @throws WapiException {@code NOT_FOUND} (no sandbox), {@code SESSION_NOT_READY}
     */
    public String applyHere(SessionKey key, String action, String argumentsJson) {
        requireEnabled();
        return applyLocally(key, Json.read(argumentsJson, PhoneAction.named(action)));
    }

    private String applyLocally(SessionKey key, PhoneAction action) {
        SimulatedPhone phone = engine.phone(key)
                .orElseThrow(() -> new WapiException(
                        ErrorCode.SESSION_NOT_READY,
                        "Session '" + key.sessionId() + "' is not connected; create it first"));
        try {
            return action.applyTo(phone);
        } catch (IllegalStateException e) {
            throw new WapiException(ErrorCode.SESSION_NOT_READY, "Cannot do that now: " + e.getMessage());
        }
    }

    private void requireEnabled() {
        if (!enabled) {
            throw new WapiException(ErrorCode.NOT_FOUND, "The sandbox is only available when WAPI_ENGINE=sandbox");
        }
    }
}
