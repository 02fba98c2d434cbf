package cloud.wapiconnect.bulk;

import cloud.wapiconnect.message.MessageFields;
import java.util.List;

/**
 * A bulk send as clients describe it: the message as for a single send (without {@code to}) and the
 * recipients. {@code recipients} may be a lazy view over the request body: it is read twice
 * (validation, then storage) and never copied. {@code skipNotOnWhatsApp}: check each number just before its
 * send and skip it (recorded as {@code skipped}, {@code RECIPIENT_NOT_ON_WHATSAPP}) when it has no WhatsApp.
 */
public record BulkRequest(
        List<RecipientInput> recipients,
        MessageFields message,
        Integer delayMin,
        Integer delayMax,
        Boolean skipNotOnWhatsApp) {}
