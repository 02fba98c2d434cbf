package cloud.wapiconnect.grpc;

import cloud.wapiconnect.media.InlineMedia;
import cloud.wapiconnect.message.ContactInput;
import cloud.wapiconnect.message.Direction;
import cloud.wapiconnect.message.LoggedMessage;
import cloud.wapiconnect.message.MessageDetails;
import cloud.wapiconnect.message.MessageFields;
import cloud.wapiconnect.message.MessageQuery;
import cloud.wapiconnect.message.SendRequest;
import cloud.wapiconnect.paging.PageSize;
import cloud.wapiconnect.proto.v1.ListMessagesRequest;
import cloud.wapiconnect.proto.v1.MediaInfo;
import cloud.wapiconnect.proto.v1.MessageContent;
import cloud.wapiconnect.proto.v1.MessageDirection;
import cloud.wapiconnect.proto.v1.MessageLocation;
import cloud.wapiconnect.proto.v1.MessageReaction;
import cloud.wapiconnect.proto.v1.MessageStatus;
import cloud.wapiconnect.proto.v1.SharedContact;
import cloud.wapiconnect.whatsapp.ContactCard;
import cloud.wapiconnect.whatsapp.Location;
import cloud.wapiconnect.whatsapp.Reaction;

/** Messages and the message log between the gRPC API and the domain. */
final class MessageMapper {
    private MessageMapper() {}

    /** A send as the REST body would give it: unset fields are null, so validation says the same things. */
    static SendRequest sendRequest(String to, MessageContent c) {
        return new SendRequest(Protos.orNull(to), fields(c));
    }

    /** A message's fields as the REST body would give them (unset is null). */
    static MessageFields fields(MessageContent c) {
        return new MessageFields(
                Protos.orNull(c.getMessage()),
                Protos.orNull(c.getType()),
                Protos.orNull(c.getHeader()),
                Protos.orNull(c.getFooter()),
                Protos.orNull(c.getMediaUrl()),
                InlineMedia.fromText(Protos.orNull(c.getMediaBase64())),
                Protos.orNull(c.getMediaMimeType()),
                Protos.orNull(c.getFileName()),
                c.getOptionsCount() == 0 ? null : c.getOptionsList(),
                c.hasSelectableCount() ? c.getSelectableCount() : null,
                c.hasLatitude() ? c.getLatitude() : null,
                c.hasLongitude() ? c.getLongitude() : null,
                Protos.orNull(c.getLocationName()),
                Protos.orNull(c.getLocationAddress()),
                c.getContactsCount() == 0
                        ? null
                        : c.getContactsList().stream()
                                .map(k -> new ContactInput(
                                        Protos.orNull(k.getName()),
                                        k.getPhonesList(),
                                        Protos.orNull(k.getOrg()),
                                        Protos.orNull(k.getEmail())))
                                .toList(),
                Protos.orNull(c.getMessageId()),
                c.hasEmoji() ? c.getEmoji() : null,
                Protos.orNull(c.getReplyTo()),
                c.getMentionsCount() == 0 ? null : c.getMentionsList(),
                c.hasLinkPreview() ? c.getLinkPreview() : null,
                c.hasTypingMs() ? c.getTypingMs() : null);
    }

    static MessageLocation location(Location l) {
        return MessageLocation.newBuilder()
                .setLatitude(l.latitude())
                .setLongitude(l.longitude())
                .setName(Protos.orEmpty(l.name()))
                .setAddress(Protos.orEmpty(l.address()))
                .build();
    }

    static SharedContact contact(ContactCard c) {
        return SharedContact.newBuilder()
                .setName(Protos.orEmpty(c.name()))
                .addAllPhones(c.phones())
                .build();
    }

    static MessageReaction reaction(Reaction r) {
        return MessageReaction.newBuilder()
                .setMessageId(Protos.orEmpty(r.messageId()))
                .setEmoji(Protos.orEmpty(r.emoji()))
                .build();
    }

    static MessageQuery query(String tenantId, ListMessagesRequest r) {
        return new MessageQuery(
                tenantId,
                Protos.optional(r.getSessionId()),
                Protos.fromProto(Direction.class, "MESSAGE_DIRECTION_", r.getDirection()),
                Protos.fromProto(cloud.wapiconnect.message.MessageStatus.class, "MESSAGE_STATUS_", r.getStatus()),
                Protos.paging(r.hasPage() ? r.getPage() : null, r.hasLimit() ? r.getLimit() : null, PageSize.MESSAGES));
    }

    static cloud.wapiconnect.proto.v1.LoggedMessage toProto(LoggedMessage m) {
        cloud.wapiconnect.proto.v1.LoggedMessage.Builder b = cloud.wapiconnect.proto.v1.LoggedMessage.newBuilder()
                .setSessionId(m.sessionId())
                .setMessageId(m.messageId())
                .setDirection(Protos.toProto(MessageDirection.class, "MESSAGE_DIRECTION_", m.direction()))
                .setType(Protos.orEmpty(m.type()))
                .setTo(Protos.orEmpty(m.to()))
                .setFrom(Protos.orEmpty(m.from()))
                .setToLid(Protos.orEmpty(m.toLid()))
                .setFromLid(Protos.orEmpty(m.fromLid()))
                .setMessage(Protos.orEmpty(m.body()))
                .setStatus(status(m.status()))
                .setCreatedAt(Protos.timestamp(m.createdAt()));
        if (m.media() != null) {
            b.setMedia(MediaInfo.newBuilder()
                    .setMimeType(Protos.orEmpty(m.media().mimeType()))
                    .setSize(m.media().size())
                    .setFileName(Protos.orEmpty(m.media().fileName())));
        }
        MessageDetails d = m.details();
        b.setParticipant(Protos.orEmpty(m.participant()))
                .addAllContacts(
                        d.contacts().stream().map(MessageMapper::contact).toList())
                .setQuotedMessageId(Protos.orEmpty(d.quotedMessageId()))
                .addAllMentions(d.mentions());
        if (d.location() != null) {
            b.setLocation(location(d.location()));
        }
        if (d.reaction() != null) {
            b.setReaction(reaction(d.reaction()));
        }
        if (m.editedAt() != null) {
            b.setEditedAt(Protos.timestamp(m.editedAt()));
        }
        if (m.revokedAt() != null) {
            b.setRevokedAt(Protos.timestamp(m.revokedAt()));
        }
        return b.build();
    }

    static MessageStatus status(cloud.wapiconnect.message.MessageStatus status) {
        return Protos.toProto(MessageStatus.class, "MESSAGE_STATUS_", status);
    }
}
