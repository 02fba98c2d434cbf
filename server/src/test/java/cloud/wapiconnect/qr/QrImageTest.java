package cloud.wapiconnect.qr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** A QR code is rendered once and shared: by the live session, and by its events read back from the log. */
class QrImageTest {
    private static final String QR = "2@QrImageTest+/=,abcdefABCDEF0123456789+/=,q1w2e3r4t5y6==,adv==";

    @Test
    void theImageIsRenderedOnceAndIsWhatTheRendererDraws() {
        QrImage code = QrImage.of(QR);
        assertSame(code.png(), code.png());
        assertArrayEquals(QrRenderer.png(QR), code.png());
        assertSame(code.dataUrl(), code.dataUrl());
        assertEquals(QrRenderer.dataUrl(QR), code.dataUrl());
    }

    @Test
    void theSameTextIsTheSameCodeWhileItIsRecent() {
        QrImage shown = QrImage.of(QR);
        byte[] png = shown.png();
        QrImage readBack = QrImage.of(new String(QR.toCharArray()));
        assertSame(shown, readBack);
        assertSame(png, readBack.png());
    }
}
