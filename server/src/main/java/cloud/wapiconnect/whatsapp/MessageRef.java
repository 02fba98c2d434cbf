package cloud.wapiconnect.whatsapp;

/**
 * A message of a chat that a new message points at (a quoted reply, a reaction, a read receipt). WhatsApp
 * addresses it by id, by who sent it and, in groups, by the participant who wrote it.
 *
 * @param fromMe      sent by this session
 * @param participant in a group, the JID of who wrote it (incoming only); otherwise null
 * @param body        its text or caption, shown in the quote; may be null
 */
public record MessageRef(String id, boolean fromMe, String participant, String body) {}
