package cloud.wapiconnect.whatsapp;

/**
 * A reaction to a message of the chat (sent or received).
 *
 * @param messageId the message reacted to
 * @param emoji     the reaction; empty when it was removed
 */
public record Reaction(String messageId, String emoji) {}
