package cloud.wapiconnect.message;

import cloud.wapiconnect.engine.OutgoingContent;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.media.Media;
import cloud.wapiconnect.whatsapp.ContactCard;
import cloud.wapiconnect.whatsapp.MessageRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** @param contacts the cards to share, with their vCards rendered */
public record ContactDraft(List<ContactCard> contacts, DraftOptions options) implements MessageDraft {
    private static final int MAX_CONTACTS = 50;
    private static final int MAX_PHONES = 10;

    public ContactDraft {
        contacts = List.copyOf(contacts);
    }

    /** @throws WapiException {@code INVALID_REQUEST}, naming the contact ({@code contacts[i]}) and its field */
    static ContactDraft of(MessageFields f, DraftOptions options) {
        List<ContactInput> inputs = f.contacts();
        if (inputs == null || inputs.isEmpty() || inputs.size() > MAX_CONTACTS) {
            throw WapiException.invalid("contacts must list 1 to " + MAX_CONTACTS + " contacts for type contact");
        }
        List<ContactCard> cards = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            ContactInput c = inputs.get(i);
            String at = "contacts[" + i + "]";
            String name = c == null ? null : MessageTexts.optionalText(at + ".name", c.name());
            if (name == null) {
                throw WapiException.invalid(at + ".name is required");
            }
            if (c.phones() == null || c.phones().isEmpty() || c.phones().size() > MAX_PHONES) {
                throw WapiException.invalid(at + ".phones must list 1 to " + MAX_PHONES + " phone numbers");
            }
            List<String> phones = new ArrayList<>();
            for (String phone : c.phones()) {
                if (phone == null || !phone.strip().matches("\\+?[0-9][0-9 ()./-]{4,30}")) {
                    throw WapiException.invalid(at + ".phones: '" + phone + "' is not a phone number");
                }
                phones.add(phone.strip());
            }
            String org = MessageTexts.optionalText(at + ".org", c.org());
            String email = MessageTexts.optionalText(at + ".email", c.email());
            if (email != null && !email.matches("[^@\\s]+@[^@\\s]+")) {
                throw WapiException.invalid(at + ".email is not an email address");
            }
            cards.add(new ContactCard(name, phones, VCards.render(name, phones, org, email)));
        }
        return new ContactDraft(cards, options);
    }

    @Override
    public MessageType type() {
        return MessageType.CONTACT;
    }

    @Override
    public OutgoingContent content(Optional<Media> media, MessageRef reactionTarget) {
        return new OutgoingContent.ContactsMessage(contacts);
    }
}
