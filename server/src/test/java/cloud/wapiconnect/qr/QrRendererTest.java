package cloud.wapiconnect.qr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.util.QrCodes;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class QrRendererTest {
    private static final String WHATSAPP_LIKE =
            "2@Xr8hQ3Zyq1bT0y3l9Yd2s0f7Qm5w8e1r4t7y0u3i6o9p2a5s8d1f4g7h0j3k6l9zxcvb,"
                    + "U2FtcGxlS2V5MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=,c2Vjb25kS2V5MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=,QUJDREVGR0g=";

    @Test
    void pngDecodesBackToTheSameString() {
        byte[] png = QrRenderer.png(WHATSAPP_LIKE);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
        assertEquals(WHATSAPP_LIKE, QrCodes.decode(png));
    }

    @Test
    void everyWhatsAppShapedCodeCanBeScanned() {
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 200; i++) {
            String qr = "2@" + randomBase64(random, 48) + "," + randomBase64(random, 32) + ","
                    + randomBase64(random, 32) + "," + randomBase64(random, 16);
            assertEquals(qr, QrCodes.decode(QrRenderer.png(qr)), "code " + i);
        }
    }

    private static String randomBase64(java.util.Random random, int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return java.util.Base64.getEncoder().encodeToString(value);
    }

    @Test
    void dataUrlCarriesThePng() {
        String url = QrRenderer.dataUrl("hello");
        assertTrue(url.startsWith("data:image/png;base64,"));
        assertEquals("hello", QrCodes.decodeDataUrl(url));
    }
}
