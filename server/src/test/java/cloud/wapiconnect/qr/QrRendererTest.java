package cloud.wapiconnect.qr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cloud.wapiconnect.util.QrCodes;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class QrRendererTest {
    private static final String WHATSAPP_LIKE = "2@Xr8hQ3Zyq1bT0y3l9Yd2s0f7Qm5w8e1r4t7y0u3i6o9p2a5s8d1f4g7h0j3k6l9zxcvb,"
            + "U2FtcGxlS2V5MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=,c2Vjb25kS2V5MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=,QUJDREVGR0g=";

    @Test
    void pngDecodesBackToTheSameString() {
        byte[] png = QrRenderer.png(WHATSAPP_LIKE);
        assertArrayEquals(new byte[]{(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
        assertEquals(WHATSAPP_LIKE, QrCodes.decode(png));
    }

    @Test
    void dataUrlCarriesThePng() {
        String url = QrRenderer.dataUrl("hello");
        assertTrue(url.startsWith("data:image/png;base64,"));
        assertEquals("hello", QrCodes.decodeDataUrl(url));
    }
}
