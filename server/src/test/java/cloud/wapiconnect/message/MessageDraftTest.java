package cloud.wapiconnect.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.engine.OutgoingContent;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.whatsapp.Location;
import cloud.wapiconnect.whatsapp.MessageRef;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Drafts of the types that need no media (media drafts need a resolver; the ITs send them). */
class MessageDraftTest {
    private static final MessageFields EMPTY = new MessageFields(
            null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
            null, null, null);

    private static MessageDraft draft(UnaryOperator<Builder> fields) {
        return MessageDraft.of(fields.apply(new Builder()).build(), null);
    }

    private static WapiException refused(UnaryOperator<Builder> fields) {
        return assertThrows(WapiException.class, () -> draft(fields));
    }

    @Test
    void anUnknownTypeIsUnsupportedAndNamesEveryType() {
        WapiException e = refused(b -> b.type(" fax ").message("x"));
        assertEquals(ErrorCode.UNSUPPORTED_MESSAGE_TYPE, e.code());
        assertEquals(
                "type 'fax' is not supported; supported types: text, image, video, document, audio, sticker, "
                        + "poll, location, contact, reaction",
                e.getMessage());
        assertEquals(
                ErrorCode.UNSUPPORTED_MESSAGE_TYPE,
                refused(b -> b.type("TEXT").message("x")).code());
    }

    @Test
    void noTypeIsText() {
        TextDraft text =
                assertInstanceOf(TextDraft.class, draft(b -> b.type("  ").message("hi")));
        assertEquals(MessageType.TEXT, text.type());
        assertTrue(text.linkPreview());
        assertEquals(DraftOptions.NONE, text.options());
    }

    @Test
    void textRendersHeaderFooterAndMentions() {
        MessageDraft draft = draft(b -> b.header(" Sale ")
                .message("hello")
                .footer("bye")
                .mentions(List.of("+91 98765 43210", "919876543210@s.whatsapp.net"))
                .linkPreview(false));
        assertEquals(List.of("919876543210@s.whatsapp.net"), draft.options().mentions());
        OutgoingContent.Text text = assertInstanceOf(OutgoingContent.Text.class, draft.content(Optional.empty()));
        assertEquals("*Sale*\n\nhello\n\n_bye_ @919876543210", text.text());
        assertFalse(text.linkPreview());
    }

    @Test
    void sharedChecksComeFirstInTheirOrder() {
        assertEquals(
                "typingMs must be between 0 and 30000",
                refused(b -> b.typingMs(30_001).replyTo("x".repeat(200)).message(null))
                        .getMessage());
        assertEquals(
                "replyTo is not a message id",
                refused(b -> b.replyTo("x".repeat(200)).type("poll").mentions(List.of("1")))
                        .getMessage());
        assertEquals(
                "mentions apply to text and to captions (image, video, document), not to poll",
                refused(b -> b.type("poll").mentions(List.of("919876543210")).linkPreview(true))
                        .getMessage());
        // Before the media's own checks, which would need a resolver.
        assertEquals(
                "linkPreview applies to type text only",
                refused(b -> b.type("image").linkPreview(true)).getMessage());
        WapiException group =
                refused(b -> b.mentions(List.of("120363025246125486@g.us")).message("x"));
        assertEquals(ErrorCode.INVALID_RECIPIENT, group.code());
    }

    @Test
    void textNeedsAMessageWithinTheLimit() {
        assertEquals(
                "message is required for type text",
                refused(b -> b.message(" ")).getMessage());
        assertEquals(
                ErrorCode.INVALID_REQUEST,
                refused(b -> b.message("x".repeat(65_537))).code());
    }

    @Test
    void pollsAreCheckedAndSentStripped() {
        assertEquals(
                ErrorCode.INVALID_POLL,
                refused(b -> b.type("poll").message("q").options(List.of("a"))).code());
        assertEquals(
                "options must be distinct ('a' repeats)",
                refused(b -> b.type("poll").message("q").options(List.of("a", " a ")))
                        .getMessage());
        assertEquals(
                "selectableCount must be between 1 and 2",
                refused(b -> b.type("poll")
                                .message("q")
                                .options(List.of("a", "b"))
                                .selectableCount(3))
                        .getMessage());
        PollDraft poll = assertInstanceOf(
                PollDraft.class,
                draft(b -> b.type("poll")
                        .message(" Lunch? ")
                        .options(List.of(" pizza", "soup"))
                        .selectableCount(2)));
        assertEquals(List.of("pizza", "soup"), poll.choices());
        assertEquals(new OutgoingContent.Poll("Lunch?", List.of("pizza", "soup"), 2), poll.content(Optional.empty()));
    }

    @Test
    void locationsAndContacts() {
        assertEquals(
                "latitude is required for type location, between -90 and 90",
                refused(b -> b.type("location").latitude(91.0).longitude(0.0)).getMessage());
        LocationDraft location = assertInstanceOf(
                LocationDraft.class,
                draft(b -> b.type("location")
                        .latitude(12.5)
                        .longitude(77.5)
                        .name(" Office ")
                        .address(" ")));
        assertEquals(new Location(12.5, 77.5, "Office", null), location.location());

        assertEquals(
                "contacts[0].phones: 'abc' is not a phone number",
                refused(b -> b.type("contact").contacts(List.of(new ContactInput("Asha", List.of("abc"), null, null))))
                        .getMessage());
        ContactDraft contact = assertInstanceOf(
                ContactDraft.class,
                draft(b -> b.type("contact")
                        .contacts(List.of(new ContactInput(" Asha ", List.of(" +91 98765 43210"), null, null)))));
        assertEquals("Asha", contact.contacts().getFirst().name());
        assertEquals(List.of("+91 98765 43210"), contact.contacts().getFirst().phones());
    }

    @Test
    void reactionsNeedTheirTargetAndQuoteNothing() {
        assertEquals(
                "messageId (the message to react to) is required for type reaction",
                refused(b -> b.type("reaction").emoji("👍")).getMessage());
        assertEquals(
                "a reaction cannot quote a message (replyTo)",
                refused(b -> b.type("reaction").messageId("ABC").emoji("👍").replyTo("DEF"))
                        .getMessage());
        ReactionDraft reaction = assertInstanceOf(
                ReactionDraft.class,
                draft(b -> b.type("reaction").messageId(" ABC ").emoji(" 👍 ")));
        assertEquals("ABC", reaction.messageId());
        MessageRef target = new MessageRef("ABC", true, null, "hello");
        assertEquals(new OutgoingContent.ReactionMessage(target, "👍"), reaction.content(Optional.empty(), target));
        assertNull(reaction.options().replyTo());
    }

    @Test
    void aFingerprintLeavesOutUnsetNewerFields() {
        assertEquals(
                "{\"message\":\"hi\",\"type\":null,\"header\":null,\"footer\":null,\"mediaUrl\":null,"
                        + "\"mediaBase64\":null,\"mediaMimeType\":null,\"fileName\":null,\"options\":null,"
                        + "\"selectableCount\":null,\"typingMs\":5}",
                new Builder().message("hi").typingMs(5).build().fingerprint());
        assertEquals(EMPTY.fingerprint(), new SendRequest("919876543210", EMPTY).fingerprint());
    }

    /** The fields a test sets; the rest stay null as in a JSON body that leaves them out. */
    private static final class Builder {
        private String message;
        private String type;
        private String header;
        private String footer;
        private List<String> options;
        private Integer selectableCount;
        private Double latitude;
        private Double longitude;
        private String name;
        private String address;
        private List<ContactInput> contacts;
        private String messageId;
        private String emoji;
        private String replyTo;
        private List<String> mentions;
        private Boolean linkPreview;
        private Integer typingMs;

        Builder message(String v) {
            message = v;
            return this;
        }

        Builder type(String v) {
            type = v;
            return this;
        }

        Builder header(String v) {
            header = v;
            return this;
        }

        Builder footer(String v) {
            footer = v;
            return this;
        }

        Builder options(List<String> v) {
            options = v;
            return this;
        }

        Builder selectableCount(Integer v) {
            selectableCount = v;
            return this;
        }

        Builder latitude(Double v) {
            latitude = v;
            return this;
        }

        Builder longitude(Double v) {
            longitude = v;
            return this;
        }

        Builder name(String v) {
            name = v;
            return this;
        }

        Builder address(String v) {
            address = v;
            return this;
        }

        Builder contacts(List<ContactInput> v) {
            contacts = v;
            return this;
        }

        Builder messageId(String v) {
            messageId = v;
            return this;
        }

        Builder emoji(String v) {
            emoji = v;
            return this;
        }

        Builder replyTo(String v) {
            replyTo = v;
            return this;
        }

        Builder mentions(List<String> v) {
            mentions = v;
            return this;
        }

        Builder linkPreview(Boolean v) {
            linkPreview = v;
            return this;
        }

        Builder typingMs(Integer v) {
            typingMs = v;
            return this;
        }

        MessageFields build() {
            return new MessageFields(
                    message,
                    type,
                    header,
                    footer,
                    null,
                    null,
                    null,
                    null,
                    options,
                    selectableCount,
                    latitude,
                    longitude,
                    name,
                    address,
                    contacts,
                    messageId,
                    emoji,
                    replyTo,
                    mentions,
                    linkPreview,
                    typingMs);
        }
    }
}
