package cloud.wapiconnect.message;

import java.util.List;

/** A contact to share as clients describe it; validated and rendered as a vCard by {@link ContactDraft}. */
public record ContactInput(String name, List<String> phones, String org, String email) {}
