package cloud.wapiconnect.grpc.internal;

import cloud.wapiconnect.engine.IncomingMedia;
import cloud.wapiconnect.engine.LinkPreview;
import cloud.wapiconnect.engine.OutgoingContent;
import cloud.wapiconnect.engine.OutgoingMessage;
import cloud.wapiconnect.internal.v1.ContactsContent;
import cloud.wapiconnect.internal.v1.ForwardContent;
import cloud.wapiconnect.internal.v1.Group;
import cloud.wapiconnect.internal.v1.LocationContent;
import cloud.wapiconnect.internal.v1.MediaContent;
import cloud.wapiconnect.internal.v1.MediaReply;
import cloud.wapiconnect.internal.v1.Participant;
import cloud.wapiconnect.internal.v1.PollContent;
import cloud.wapiconnect.internal.v1.ReactionContent;
import cloud.wapiconnect.internal.v1.SendRequest;
import cloud.wapiconnect.internal.v1.SessionRef;
import cloud.wapiconnect.internal.v1.StateReply;
import cloud.wapiconnect.internal.v1.TextContent;
import cloud.wapiconnect.media.Media;
import cloud.wapiconnect.media.MediaBytes;
import cloud.wapiconnect.media.MediaKind;
import cloud.wapiconnect.session.LiveState;
import cloud.wapiconnect.session.SessionStatus;
import cloud.wapiconnect.whatsapp.ContactCard;
import cloud.wapiconnect.whatsapp.GroupInfo;
import cloud.wapiconnect.whatsapp.GroupParticipant;
import cloud.wapiconnect.whatsapp.Location;
import cloud.wapiconnect.whatsapp.MessageRef;
import cloud.wapiconnect.whatsapp.SessionKey;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;

/** Domain records to the internal protos and back: both directions in one place, so they cannot drift apart. */
final class LiveSessionsMapper {
    private LiveSessionsMapper() {}

    static SessionRef ref(SessionKey key, long generation) {
        return SessionRef.newBuilder()
                .setTenantId(key.tenantId())
                .setSessionId(key.sessionId())
                .setGeneration(generation)
                .build();
    }

    static SessionKey key(SessionRef ref) {
        return new SessionKey(ref.getTenantId(), ref.getSessionId());
    }

    static StateReply state(LiveState state) {
        StateReply.Builder b =
                StateReply.newBuilder().setLive(true).setStatus(state.status().wireName());
        if (state.qrText() != null) {
            b.setQrText(state.qrText());
        }
        if (state.phoneNumber() != null) {
            b.setPhoneNumber(state.phoneNumber());
        }
        if (state.disconnectReason() != null) {
            b.setDisconnectReason(state.disconnectReason());
        }
        return b.build();
    }

    static LiveState state(StateReply reply) {
        return new LiveState(
                SessionStatus.fromWire(reply.getStatus()),
                orNull(reply.getQrText()),
                orNull(reply.getPhoneNumber()),
                orNull(reply.getDisconnectReason()));
    }

    static SendRequest send(SessionRef session, OutgoingMessage message) {
        SendRequest.Builder b = SendRequest.newBuilder()
                .setSession(session)
                .setMessageId(message.id())
                .setJid(message.jid())
                .addAllMentions(message.mentions());
        if (message.replyTo() != null) {
            b.setReplyTo(ref(message.replyTo()));
        }
        switch (message.content()) {
            case OutgoingContent.Text t -> {
                TextContent.Builder text =
                        TextContent.newBuilder().setText(t.text()).setLinkPreview(t.linkPreview());
                if (t.preview() != null) {
                    LinkPreview p = t.preview();
                    var preview = cloud.wapiconnect.internal.v1.LinkPreview.newBuilder()
                            .setUrl(p.url())
                            .setMatchedText(p.matchedText())
                            .setTitle(p.title());
                    if (p.description() != null) {
                        preview.setDescription(p.description());
                    }
                    if (p.jpegThumbnail() != null) {
                        preview.setJpegThumbnail(ByteString.copyFrom(p.jpegThumbnail()));
                    }
                    text.setPreview(preview);
                }
                b.setText(text);
            }
            case OutgoingContent.MediaMessage m -> {
                Media media = m.media();
                MediaContent.Builder c = MediaContent.newBuilder()
                        .setKind(media.kind().name())
                        // The bytes are immutable: no copy on the way out.
                        .setData(UnsafeByteOperations.unsafeWrap(media.bytes().buffer()))
                        .setMimeType(media.mimeType())
                        .setVoiceNote(media.voiceNote());
                if (media.fileName() != null) {
                    c.setFileName(media.fileName());
                }
                if (m.caption() != null) {
                    c.setCaption(m.caption());
                }
                b.setMedia(c);
            }
            case OutgoingContent.Poll p ->
                b.setPoll(PollContent.newBuilder()
                        .setQuestion(p.question())
                        .addAllOptions(p.options())
                        .setSelectableCount(p.selectableCount()));
            case OutgoingContent.LocationMessage l -> {
                LocationContent.Builder c = LocationContent.newBuilder()
                        .setLatitude(l.location().latitude())
                        .setLongitude(l.location().longitude());
                if (l.location().name() != null) {
                    c.setName(l.location().name());
                }
                if (l.location().address() != null) {
                    c.setAddress(l.location().address());
                }
                b.setLocation(c);
            }
            case OutgoingContent.ContactsMessage c -> {
                ContactsContent.Builder cards = ContactsContent.newBuilder();
                for (ContactCard card : c.contacts()) {
                    var proto = cloud.wapiconnect.internal.v1.ContactCard.newBuilder()
                            .setName(card.name())
                            .addAllPhones(card.phones());
                    if (card.vcard() != null) {
                        proto.setVcard(card.vcard());
                    }
                    cards.addContacts(proto);
                }
                b.setContacts(cards);
            }
            case OutgoingContent.ReactionMessage r ->
                b.setReaction(
                        ReactionContent.newBuilder().setTarget(ref(r.target())).setEmoji(r.emoji()));
            case OutgoingContent.Forward f -> {
                ForwardContent.Builder forward = ForwardContent.newBuilder()
                        .setOriginal(ref(f.original()))
                        .setOriginalChat(f.originalChat())
                        .setType(f.type());
                if (f.text() != null) {
                    forward.setText(f.text());
                }
                b.setForward(forward);
            }
        }
        return b.build();
    }

    static OutgoingMessage send(SendRequest r) {
        OutgoingContent content = switch (r.getContentCase()) {
            case TEXT -> {
                TextContent t = r.getText();
                LinkPreview preview = null;
                if (t.hasPreview()) {
                    var p = t.getPreview();
                    preview = new LinkPreview(
                            p.getUrl(),
                            p.getMatchedText(),
                            p.getTitle(),
                            p.hasDescription() ? p.getDescription() : null,
                            p.hasJpegThumbnail() ? p.getJpegThumbnail().toByteArray() : null);
                }
                yield new OutgoingContent.Text(t.getText(), t.getLinkPreview(), preview);
            }
            case MEDIA -> {
                MediaContent m = r.getMedia();
                yield new OutgoingContent.MediaMessage(
                        new Media(
                                MediaKind.valueOf(m.getKind()),
                                MediaBytes.of(m.getData().toByteArray()),
                                m.getMimeType(),
                                m.hasFileName() ? m.getFileName() : null,
                                m.getVoiceNote()),
                        m.hasCaption() ? m.getCaption() : null);
            }
            case POLL ->
                new OutgoingContent.Poll(
                        r.getPoll().getQuestion(),
                        r.getPoll().getOptionsList(),
                        r.getPoll().getSelectableCount());
            case LOCATION -> {
                LocationContent l = r.getLocation();
                yield new OutgoingContent.LocationMessage(new Location(
                        l.getLatitude(),
                        l.getLongitude(),
                        l.hasName() ? l.getName() : null,
                        l.hasAddress() ? l.getAddress() : null));
            }
            case CONTACTS ->
                new OutgoingContent.ContactsMessage(r.getContacts().getContactsList().stream()
                        .map(c -> new ContactCard(c.getName(), c.getPhonesList(), c.hasVcard() ? c.getVcard() : null))
                        .toList());
            case REACTION ->
                new OutgoingContent.ReactionMessage(
                        ref(r.getReaction().getTarget()), r.getReaction().getEmoji());
            case FORWARD -> {
                ForwardContent f = r.getForward();
                yield new OutgoingContent.Forward(
                        ref(f.getOriginal()), f.getOriginalChat(), f.getType(), f.hasText() ? f.getText() : null);
            }
            case CONTENT_NOT_SET -> throw new IllegalArgumentException("a send without content");
        };
        return new OutgoingMessage(
                r.getMessageId(),
                r.getJid(),
                content,
                r.hasReplyTo() ? ref(r.getReplyTo()) : null,
                r.getMentionsList());
    }

    static cloud.wapiconnect.internal.v1.MessageRef ref(MessageRef ref) {
        var b = cloud.wapiconnect.internal.v1.MessageRef.newBuilder()
                .setId(ref.id())
                .setFromMe(ref.fromMe());
        if (ref.participant() != null) {
            b.setParticipant(ref.participant());
        }
        if (ref.body() != null) {
            b.setBody(ref.body());
        }
        return b.build();
    }

    static MessageRef ref(cloud.wapiconnect.internal.v1.MessageRef ref) {
        return new MessageRef(
                ref.getId(),
                ref.getFromMe(),
                ref.hasParticipant() ? ref.getParticipant() : null,
                ref.hasBody() ? ref.getBody() : null);
    }

    static MediaReply media(IncomingMedia media) {
        MediaReply.Builder b = MediaReply.newBuilder()
                .setFound(true)
                .setData(UnsafeByteOperations.unsafeWrap(media.data()))
                .setMimeType(media.mimeType());
        if (media.fileName() != null) {
            b.setFileName(media.fileName());
        }
        return b.build();
    }

    static IncomingMedia media(MediaReply reply) {
        return new IncomingMedia(
                reply.getData().toByteArray(), reply.getMimeType(), reply.hasFileName() ? reply.getFileName() : null);
    }

    static Group group(GroupInfo g) {
        Group.Builder b = Group.newBuilder()
                .setJid(g.jid())
                .setSubject(nullToEmpty(g.subject()))
                .setDescription(nullToEmpty(g.description()))
                .setCreatedAt(g.createdAt());
        if (g.owner() != null) {
            b.setOwner(g.owner());
        }
        for (GroupParticipant p : g.participants()) {
            b.addParticipants(
                    Participant.newBuilder().setJid(p.jid()).setAdmin(p.admin()).setSuperAdmin(p.superAdmin()));
        }
        return b.build();
    }

    static GroupInfo groupInfo(Group g) {
        return new GroupInfo(
                g.getJid(),
                g.getSubject(),
                g.getDescription(),
                g.hasOwner() ? g.getOwner() : null,
                g.getCreatedAt(),
                g.getParticipantsList().stream()
                        .map(p -> new GroupParticipant(p.getJid(), p.getAdmin(), p.getSuperAdmin()))
                        .toList());
    }

    private static String orNull(String value) {
        return value.isEmpty() ? null : value;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
