package cloud.wapiconnect.rest.dto;

import cloud.wapiconnect.bulk.BulkRequest;
import cloud.wapiconnect.bulk.RecipientInput;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.media.InlineMedia;
import cloud.wapiconnect.message.MessageFields;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.AbstractList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The send-bulk body. Recipients stay as parsed JSON (phone strings, numbers or {@code {"phone","name","variables"}}
 * objects) and reach the service through a lazy view, so 100,000 of them exist in memory once.
 */
@Schema(name = "SendBulkRequest")
public record SendBulkBody(
        @JsonDeserialize(using = RecipientsDeserializer.class)
        List<JsonNode> recipients,

        String message,
        String type,
        String header,
        String footer,
        String mediaUrl,

        @JsonDeserialize(using = MediaBase64Deserializer.class)
        InlineMedia mediaBase64,

        String mediaMimeType,
        String fileName,
        List<String> options,
        Integer selectableCount,
        Integer delayMin,
        Integer delayMax,
        Integer typingMs,
        Boolean skipNotOnWhatsApp) {

    public BulkRequest toRequest() {
        return new BulkRequest(
                recipients == null ? null : new Recipients(recipients),
                MessageFields.ofBulk(
                        message,
                        type,
                        header,
                        footer,
                        mediaUrl,
                        mediaBase64,
                        mediaMimeType,
                        fileName,
                        options,
                        selectableCount,
                        typingMs),
                delayMin,
                delayMax,
                skipNotOnWhatsApp);
    }

    private static final class Recipients extends AbstractList<RecipientInput> {
        private final List<JsonNode> nodes;

        Recipients(List<JsonNode> nodes) {
            this.nodes = nodes;
        }

        @Override
        public RecipientInput get(int index) {
            JsonNode node = nodes.get(index);
            if (node == null) {
                return new RecipientInput(null, null);
            }
            if (node.isObject()) {
                JsonNode name = node.get("name");
                return new RecipientInput(
                        phone(node.get("phone")),
                        name != null && name.isTextual() ? name.asText() : null,
                        variables(node.get("variables")));
            }
            return new RecipientInput(phone(node), null);
        }

        @Override
        public int size() {
            return nodes.size();
        }

        /**
         * {@code {"key":"value",…}}: strings as they are, numbers and booleans as written (a CSV exporter's
         * {@code 42}); a null value or a nested object stays null and is reported by the service's validation.
         */
        private static Map<String, String> variables(JsonNode node) {
            if (node == null || node.isNull()) {
                return Map.of();
            }
            if (!node.isObject()) {
                throw WapiException.invalid("a recipient's variables must be an object of strings");
            }
            Map<String, String> variables = new LinkedHashMap<>();
            node.properties()
                    .forEach(e -> variables.put(
                            e.getKey(),
                            e.getValue().isValueNode() && !e.getValue().isNull()
                                    ? e.getValue().asText()
                                    : null));
            return variables;
        }

        /** A phone given as a string or as a whole number; anything else is reported as invalid. */
        private static String phone(JsonNode node) {
            if (node == null) {
                return null;
            }
            if (node.isTextual()) {
                return node.asText();
            }
            return node.isIntegralNumber() ? node.bigIntegerValue().toString() : node.toString();
        }
    }
}
