package cloud.wapiconnect.bulk;

import java.util.Map;

/**
 * A recipient as a client listed it: a phone (or JID), an optional name, and optional variables that fill
 * {@code {{key}}} placeholders for this recipient alone; any of them may be missing or wrong.
 */
public record RecipientInput(String phone, String name, Map<String, String> variables) {
    public RecipientInput {
        variables = variables == null ? Map.of() : variables;
    }

    public RecipientInput(String phone, String name) {
        this(phone, name, Map.of());
    }
}
