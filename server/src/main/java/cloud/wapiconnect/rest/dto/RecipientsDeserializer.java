package cloud.wapiconnect.rest.dto;

import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads send-bulk's {@code recipients}, keeping at most the {@link Room} the tenant's bulk bounds left when the
 * request was admitted and only counting the rest. A job too large to fit is then refused by the service having
 * cost a scan of its bytes, not 100,000 parsed nodes: a tenant re-submitting large jobs against its bounds
 * cannot spend the server's CPU on parsing them (issue 15's bulk flood).
 */
public class RecipientsDeserializer extends JsonDeserializer<List<JsonNode>> {
    /** How many recipients a job may have at most, as admitted; a context attribute of the body's reader. */
    public record Room(int recipients) {}

    @Override
    public List<JsonNode> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            p.skipChildren();
            return null; // not a list: the service says "recipients must list …"
        }
        int room = ctxt.getAttribute(Room.class) instanceof Room r ? r.recipients() : Integer.MAX_VALUE;
        List<JsonNode> kept = new ArrayList<>();
        int count = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            count++;
            if (count <= room) {
                kept.add(ctxt.readTree(p));
            } else {
                p.skipChildren();
            }
        }
        return count <= room ? kept : new Counted(kept, count);
    }

    /**
     * More recipients than there was room for: their number, which the service's bounds refuse. Should room
     * have grown meanwhile (a job ended), the ones not kept are still refused when reached, as the bound was
     * when the request was read.
     */
    private static final class Counted extends AbstractList<JsonNode> {
        private final List<JsonNode> kept;
        private final int size;

        Counted(List<JsonNode> kept, int size) {
            this.kept = kept;
            this.size = size;
        }

        @Override
        public JsonNode get(int index) {
            if (index < kept.size()) {
                return kept.get(index);
            }
            throw new WapiException(
                    ErrorCode.BULK_LIMIT_REACHED,
                    "The job's " + size + " recipients did not fit the plan's bulk bounds when it was sent ("
                            + kept.size() + " did); send it again",
                    Map.of("bound", "maxBulkRecipients", "requested", size));
        }

        @Override
        public int size() {
            return size;
        }
    }
}
