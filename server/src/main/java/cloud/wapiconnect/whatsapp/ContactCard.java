package cloud.wapiconnect.whatsapp;

import java.util.List;

/**
 * A contact shared in a message.
 *
 * @param name   the name WhatsApp shows
 * @param phones phone numbers as written in the card
 * @param vcard  the vCard 3.0 text WhatsApp renders (outgoing: rendered by the service layer; incoming: as received), or null
 */
public record ContactCard(String name, List<String> phones, String vcard) {
    public ContactCard {
        phones = phones == null ? List.of() : List.copyOf(phones);
    }
}
