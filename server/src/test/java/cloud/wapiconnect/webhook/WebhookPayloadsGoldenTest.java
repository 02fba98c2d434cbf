package cloud.wapiconnect.webhook;

import cloud.wapiconnect.event.GoldenEvents;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every golden event's webhook body (the bytes that are signed and POSTed), byte for byte as it was before events
 * were typed ({@code golden/events/<case>.webhook.json}).
 */
class WebhookPayloadsGoldenTest {
    static List<GoldenEvents.Case> cases() {
        return GoldenEvents.cases();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void theBodyIsWhatItWas(GoldenEvents.Case c) {
        String unsigned = WebhookPayloads.unsigned(GoldenEvents.load(c));
        GoldenEvents.assertText(c.name() + ".webhook.json", unsigned);
        GoldenEvents.assertText(
                c.name() + ".webhook-signed.json",
                WebhookPayloads.signed(unsigned, WebhookSignatures.hmacHex("whsec_golden", unsigned)));
    }
}
