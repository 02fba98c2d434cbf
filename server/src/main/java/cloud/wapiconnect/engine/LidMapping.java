package cloud.wapiconnect.engine;

/**
 * WhatsApp told the session that a LID and a phone number are one person (Baileys' {@code lid-mapping.update},
 * the pairs of history and contact sync).
 *
 * @param phoneJid {@code <digits>@s.whatsapp.net}
 * @param lidJid   {@code <digits>@lid}
 */
public record LidMapping(String phoneJid, String lidJid) {}
