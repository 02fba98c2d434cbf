package cloud.wapiconnect.bulk;

import cloud.wapiconnect.message.SendRequest;
import java.util.List;

/**
 * A bulk send as clients describe it: the message as for a single send (without {@code to}) and the
 * recipients. {@code recipients} may be a lazy view over the request body: it is read twice
 * (validation, then storage) and never copied.
 */
public record BulkRequest(List<RecipientInput> recipients, SendRequest message, Integer delayMin, Integer delayMax) {
}
