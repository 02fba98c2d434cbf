package cloud.wapiconnect.bulk;

import java.util.List;

/**
 * A bulk send as clients describe it. {@code recipients} may be a lazy view over the request body:
 * it is read twice (validation, then storage) and never copied.
 */
public record BulkRequest(List<RecipientInput> recipients, String type, String header, String message, String footer,
                          Integer delayMin, Integer delayMax) {
}
