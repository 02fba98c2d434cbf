package cloud.wapiconnect.engine.whatsapp;

import cloud.wapiconnect.bridge.v1.ChangeMessageRequest;
import cloud.wapiconnect.bridge.v1.Contact;
import cloud.wapiconnect.bridge.v1.Contacts;
import cloud.wapiconnect.bridge.v1.Forward;
import cloud.wapiconnect.bridge.v1.Incoming;
import cloud.wapiconnect.bridge.v1.Media;
import cloud.wapiconnect.bridge.v1.MediaKind;
import cloud.wapiconnect.bridge.v1.MessageKey;
import cloud.wapiconnect.bridge.v1.Poll;
import cloud.wapiconnect.bridge.v1.Quoted;
import cloud.wapiconnect.bridge.v1.Reaction;
import cloud.wapiconnect.bridge.v1.SendRequest;
import cloud.wapiconnect.bridge.v1.SessionRef;
import cloud.wapiconnect.bridge.v1.Text;
import cloud.wapiconnect.engine.DisconnectReason;
import cloud.wapiconnect.engine.EngineException;
import cloud.wapiconnect.engine.GroupEvent;
import cloud.wapiconnect.engine.IncomingEdit;
import cloud.wapiconnect.engine.IncomingMessage;
import cloud.wapiconnect.engine.IncomingRevoke;
import cloud.wapiconnect.engine.LinkPreview;
import cloud.wapiconnect.engine.OutgoingContent;
import cloud.wapiconnect.engine.OutgoingMessage;
import cloud.wapiconnect.engine.PollVote;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.whatsapp.AckStatus;
import cloud.wapiconnect.whatsapp.ContactCard;
import cloud.wapiconnect.whatsapp.GroupInfo;
import cloud.wapiconnect.whatsapp.GroupParticipant;
import cloud.wapiconnect.whatsapp.Location;
import cloud.wapiconnect.whatsapp.MessageRef;
import cloud.wapiconnect.whatsapp.ParticipantAction;
import cloud.wapiconnect.whatsapp.ParticipantResult;
import cloud.wapiconnect.whatsapp.SendingLimits;
import cloud.wapiconnect.whatsapp.SessionKey;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Between the bridge contract's messages and the engine SPI's types; nothing else touches both. */
final class BridgeMapper {
    private BridgeMapper() {}

    static SessionRef ref(SessionKey key) {
        return SessionRef.newBuilder()
                .setTenantId(key.tenantId())
                .setSessionId(key.sessionId())
                .build();
    }

    static SessionKey key(SessionRef ref) {
        return new SessionKey(ref.getTenantId(), ref.getSessionId());
    }

    private static Text text(OutgoingContent.Text text) {
        Text.Builder b = Text.newBuilder().setText(text.text()).setNoLinkPreview(!text.linkPreview());
        LinkPreview p = text.preview();
        if (p != null) {
            b.setPreview(cloud.wapiconnect.bridge.v1.LinkPreview.newBuilder()
                    .setCanonicalUrl(p.url())
                    .setMatchedText(p.matchedText())
                    .setTitle(p.title())
                    .setDescription(p.description() == null ? "" : p.description())
                    .setJpegThumbnail(
                            p.jpegThumbnail() == null ? ByteString.EMPTY : ByteString.copyFrom(p.jpegThumbnail())));
        }
        return b.build();
    }

    static SendRequest send(SessionKey session, OutgoingMessage message) {
        SendRequest.Builder b = SendRequest.newBuilder()
                .setSession(ref(session))
                .setMessageId(message.id())
                .setJid(message.jid());
        switch (message.content()) {
            case OutgoingContent.Text text -> b.setText(text(text));
            case OutgoingContent.MediaMessage m ->
                b.setMedia(Media.newBuilder()
                        .setKind(
                                switch (m.media().kind()) {
                                    case IMAGE -> MediaKind.MEDIA_KIND_IMAGE;
                                    case VIDEO -> MediaKind.MEDIA_KIND_VIDEO;
                                    case AUDIO -> MediaKind.MEDIA_KIND_AUDIO;
                                    case DOCUMENT -> MediaKind.MEDIA_KIND_DOCUMENT;
                                    case STICKER -> MediaKind.MEDIA_KIND_STICKER;
                                })
                        // Wrapped, not copied: the media's bytes are never changed once read.
                        .setData(UnsafeByteOperations.unsafeWrap(
                                m.media().bytes().buffer()))
                        .setMimeType(m.media().mimeType())
                        .setFileName(
                                m.media().fileName() == null ? "" : m.media().fileName())
                        .setCaption(m.caption() == null ? "" : m.caption())
                        .setVoiceNote(m.media().voiceNote()));
            case OutgoingContent.Poll poll ->
                b.setPoll(Poll.newBuilder()
                        .setQuestion(poll.question())
                        .addAllOptions(poll.options())
                        .setSelectableCount(poll.selectableCount()));
            case OutgoingContent.LocationMessage l -> b.setLocation(location(l.location()));
            case OutgoingContent.ContactsMessage c ->
                b.setContacts(Contacts.newBuilder()
                        .addAllContacts(c.contacts().stream()
                                .map(card -> Contact.newBuilder()
                                        .setName(card.name())
                                        .setVcard(card.vcard())
                                        .build())
                                .toList()));
            case OutgoingContent.ReactionMessage r ->
                b.setReaction(Reaction.newBuilder().setTarget(key(r.target())).setEmoji(r.emoji()));
            case OutgoingContent.Forward f ->
                b.setForward(Forward.newBuilder()
                        .setOriginal(key(f.original()))
                        .setOriginalChat(f.originalChat())
                        .setType(f.type())
                        .setText(f.text() == null ? "" : f.text()));
        }
        if (message.replyTo() != null) {
            b.setQuoted(Quoted.newBuilder()
                    .setKey(key(message.replyTo()))
                    .setText(
                            message.replyTo().body() == null
                                    ? ""
                                    : message.replyTo().body()));
        }
        return b.addAllMentions(message.mentions()).build();
    }

    static MessageKey key(MessageRef ref) {
        return MessageKey.newBuilder()
                .setId(ref.id())
                .setFromMe(ref.fromMe())
                .setParticipant(ref.participant() == null ? "" : ref.participant())
                .build();
    }

    private static cloud.wapiconnect.bridge.v1.Location location(Location l) {
        return cloud.wapiconnect.bridge.v1.Location.newBuilder()
                .setLatitude(l.latitude())
                .setLongitude(l.longitude())
                .setName(l.name() == null ? "" : l.name())
                .setAddress(l.address() == null ? "" : l.address())
                .build();
    }

    static IncomingMessage incoming(Incoming m) {
        cloud.wapiconnect.bridge.v1.Location l = m.getLocation();
        return new IncomingMessage(
                m.getId(),
                m.getFrom(),
                m.getBody(),
                m.getType(),
                m.getIsGroup(),
                m.getIsGroup() && !m.getParticipant().isEmpty() ? m.getParticipant() : null,
                m.getHasMedia(),
                m.getTimestamp(),
                m.hasLocation()
                        ? new Location(
                                l.getLatitude(),
                                l.getLongitude(),
                                emptyToNull(l.getName()),
                                emptyToNull(l.getAddress()))
                        : null,
                m.getContactsList().stream()
                        .map(c -> new ContactCard(c.getName(), c.getPhonesList(), emptyToNull(c.getVcard())))
                        .toList(),
                m.getReactionMessageId().isEmpty()
                        ? null
                        : new cloud.wapiconnect.whatsapp.Reaction(m.getReactionMessageId(), m.getReactionEmoji()),
                emptyToNull(m.getQuotedMessageId()),
                m.getMentionsList());
    }

    static IncomingEdit incomingEdit(cloud.wapiconnect.bridge.v1.IncomingEdit e) {
        return new IncomingEdit(
                e.getMessageId(), e.getFrom(), emptyToNull(e.getParticipant()), e.getBody(), e.getTimestamp());
    }

    static IncomingRevoke incomingRevoke(cloud.wapiconnect.bridge.v1.IncomingRevoke r) {
        return new IncomingRevoke(r.getMessageId(), r.getFrom(), emptyToNull(r.getParticipant()), r.getTimestamp());
    }

    /** Edits, revokes and deletes for this device, as the bridge's ChangeMessage call. */
    static ChangeMessageRequest.Builder change(SessionKey session, String chatJid, MessageRef target) {
        return ChangeMessageRequest.newBuilder()
                .setSession(ref(session))
                .setChatJid(chatJid)
                .setTarget(key(target));
    }

    static PollVote pollVote(cloud.wapiconnect.bridge.v1.PollVote v) {
        return new PollVote(v.getPollMessageId(), v.getChat(), v.getVoter(), v.getOptionsList(), v.getTimestamp());
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    static Optional<AckStatus> ack(cloud.wapiconnect.bridge.v1.AckStatus status) {
        return switch (status) {
            case ACK_STATUS_SENT -> Optional.of(AckStatus.SENT);
            case ACK_STATUS_DELIVERED -> Optional.of(AckStatus.DELIVERED);
            case ACK_STATUS_READ -> Optional.of(AckStatus.READ);
            case ACK_STATUS_UNSPECIFIED, UNRECOGNIZED -> Optional.empty();
        };
    }

    /** WhatsApp's sending caps as the bridge reports them (capping statuses it does not know leave {@code none}). */
    static SendingLimits limits(cloud.wapiconnect.bridge.v1.Limits limits) {
        return new SendingLimits(
                limits.getTimeLocked() ? SendingLimits.ReachOut.TIME_LOCKED : SendingLimits.ReachOut.OK,
                limits.getLockedUntil() > 0 ? limits.getLockedUntil() : null,
                SendingLimits.NewChats.fromWire(limits.getNewChats().toLowerCase(java.util.Locale.ROOT))
                        .orElse(SendingLimits.NewChats.NONE));
    }

    static DisconnectReason reason(cloud.wapiconnect.bridge.v1.DisconnectReason reason) {
        return switch (reason) {
            case DISCONNECT_REASON_LOGGED_OUT -> DisconnectReason.LOGGED_OUT;
            case DISCONNECT_REASON_QR_TIMEOUT -> DisconnectReason.QR_TIMEOUT;
            case DISCONNECT_REASON_REPLACED -> DisconnectReason.REPLACED;
            case DISCONNECT_REASON_BANNED -> DisconnectReason.BANNED;
            case DISCONNECT_REASON_CLOSED -> DisconnectReason.CLOSED;
            case DISCONNECT_REASON_STALE -> DisconnectReason.STALE;
            case DISCONNECT_REASON_CLIENT_OUTDATED -> DisconnectReason.CLIENT_OUTDATED;
            case DISCONNECT_REASON_CONNECTION_LOST, DISCONNECT_REASON_UNSPECIFIED, UNRECOGNIZED ->
                DisconnectReason.CONNECTION_LOST;
        };
    }

    // ---- Groups and contacts ----

    static GroupInfo group(cloud.wapiconnect.bridge.v1.GroupInfo g) {
        return new GroupInfo(
                g.getJid(),
                g.getSubject(),
                g.getDescription(),
                g.getOwner().isEmpty() ? null : g.getOwner(),
                g.getCreatedAt(),
                g.getMembersList().stream()
                        .map(m -> new GroupParticipant(m.getJid(), m.getAdmin(), m.getSuperAdmin()))
                        .toList());
    }

    static ParticipantResult participant(cloud.wapiconnect.bridge.v1.ParticipantOutcome o) {
        ParticipantResult.Outcome outcome;
        try {
            outcome = ParticipantResult.Outcome.valueOf(o.getOutcome().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            outcome = ParticipantResult.Outcome.REFUSED;
        }
        return new ParticipantResult(o.getJid(), outcome);
    }

    /** An expected failure of a group call, as the engine SPI's exception. */
    static EngineException groupError(cloud.wapiconnect.bridge.v1.GroupError error, String groupJid) {
        return switch (error.getKind()) {
            case GROUP_ERROR_KIND_NOT_READY ->
                new EngineException(ErrorCode.SESSION_NOT_READY, "The session is not connected to WhatsApp");
            case GROUP_ERROR_KIND_NOT_FOUND ->
                new EngineException(ErrorCode.GROUP_NOT_FOUND, "The session's number is not in group " + groupJid);
            case GROUP_ERROR_KIND_NOT_ADMIN ->
                new EngineException(
                        ErrorCode.NOT_GROUP_ADMIN, "The session's number is not an admin of group " + groupJid);
            case GROUP_ERROR_KIND_FAILED, GROUP_ERROR_KIND_UNSPECIFIED, UNRECOGNIZED ->
                new EngineException(ErrorCode.ENGINE_UNAVAILABLE, "WhatsApp did not do it: " + error.getDetail());
        };
    }

    /**
     * Media WhatsApp's servers no longer keep (they expire older uploads) and the phone did not upload again when
     * the bridge asked: {@code MEDIA_NOT_FOUND}, saying why.
     */
    static EngineException mediaExpired(String messageId, String detail) {
        return new EngineException(
                ErrorCode.MEDIA_NOT_FOUND,
                "WhatsApp no longer keeps the media of message '" + messageId
                        + "' and the phone did not upload it again (" + detail + ")");
    }

    /** A GroupChange the bridge reported; empty for kinds this server does not know. */
    static Optional<GroupEvent> groupEvent(cloud.wapiconnect.bridge.v1.GroupChange c) {
        GroupEvent.Kind kind = switch (c.getKind()) {
            case GROUP_CHANGE_KIND_JOIN -> GroupEvent.Kind.JOIN;
            case GROUP_CHANGE_KIND_LEAVE -> GroupEvent.Kind.LEAVE;
            case GROUP_CHANGE_KIND_PARTICIPANTS -> GroupEvent.Kind.PARTICIPANTS;
            case GROUP_CHANGE_KIND_UPDATE -> GroupEvent.Kind.UPDATE;
            case GROUP_CHANGE_KIND_UNSPECIFIED, UNRECOGNIZED -> null;
        };
        if (kind == null) {
            return Optional.empty();
        }
        ParticipantAction action = null;
        if (!c.getAction().isEmpty()) {
            try {
                action = ParticipantAction.valueOf(c.getAction().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.of(new GroupEvent(
                c.getGroupJid(),
                kind,
                action,
                List.copyOf(c.getParticipantsList()),
                c.getAuthor().isEmpty() ? null : c.getAuthor(),
                c.hasSubject() ? c.getSubject() : null,
                c.hasDescription() ? c.getDescription() : null,
                c.getTimestamp()));
    }
}
