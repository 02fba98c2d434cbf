package cloud.wapiconnect.engine;

import cloud.wapiconnect.whatsapp.ContactCard;
import cloud.wapiconnect.whatsapp.Location;
import cloud.wapiconnect.whatsapp.Reaction;
import java.util.List;

/**
 * A message someone sent to a session.
 *
 * @param id              WhatsApp message id
 * @param from            sender JID: the phone-number JID when the engine knows it, else the sender's LID JID
 *                        ({@code <digits>@lid}); a group's JID in groups
 * @param body            text (or caption)
 * @param type            {@code text}, {@code image}, … {@code location}, {@code contact}, {@code reaction}
 * @param isGroup         written in a group chat
 * @param participant     in a group: the JID of who wrote it; otherwise null
 * @param hasMedia        carries a media attachment
 * @param timestamp       epoch milliseconds
 * @param location        location messages: the place; otherwise null
 * @param contacts        contact messages: the cards (name and phones parsed from the vCard); otherwise empty
 * @param reaction        reactions: the message reacted to and the emoji; otherwise null
 * @param quotedMessageId a reply: the id of the message it quotes; otherwise null
 * @param mentions        JIDs the message mentions
 * @param fromLid         the sender's LID JID when WhatsApp addressed the chat by LID ({@code <digits>@lid}); else null.
 *                        With a phone-number {@code from}, the two are one person: the gateway learns the pair
 * @param participantLid  in a group: the LID JID of who wrote it when WhatsApp gave one; else null
 */
public record IncomingMessage(
        String id,
        String from,
        String body,
        String type,
        boolean isGroup,
        String participant,
        boolean hasMedia,
        long timestamp,
        Location location,
        List<ContactCard> contacts,
        Reaction reaction,
        String quotedMessageId,
        List<String> mentions,
        String fromLid,
        String participantLid) {
    public IncomingMessage {
        contacts = contacts == null ? List.of() : List.copyOf(contacts);
        mentions = mentions == null ? List.of() : List.copyOf(mentions);
    }

    /** A message from someone WhatsApp addressed by phone number only. */
    public IncomingMessage(
            String id,
            String from,
            String body,
            String type,
            boolean isGroup,
            String participant,
            boolean hasMedia,
            long timestamp,
            Location location,
            List<ContactCard> contacts,
            Reaction reaction,
            String quotedMessageId,
            List<String> mentions) {
        this(
                id,
                from,
                body,
                type,
                isGroup,
                participant,
                hasMedia,
                timestamp,
                location,
                contacts,
                reaction,
                quotedMessageId,
                mentions,
                null,
                null);
    }

    /** The same message with its sender (and group participant) as the session knows them. */
    public IncomingMessage withSender(String from, String fromLid, String participant, String participantLid) {
        return new IncomingMessage(
                id,
                from,
                body,
                type,
                isGroup,
                participant,
                hasMedia,
                timestamp,
                location,
                contacts,
                reaction,
                quotedMessageId,
                mentions,
                fromLid,
                participantLid);
    }

    /** A message without location, contacts, reaction, quote or mentions. */
    public IncomingMessage(
            String id,
            String from,
            String body,
            String type,
            boolean isGroup,
            String participant,
            boolean hasMedia,
            long timestamp) {
        this(id, from, body, type, isGroup, participant, hasMedia, timestamp, null, List.of(), null, null, List.of());
    }
}
