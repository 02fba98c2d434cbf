package cloud.wapiconnect.util;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.ChecksumException;
import com.google.zxing.DecodeHintType;
import com.google.zxing.FormatException;
import com.google.zxing.NotFoundException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Map;
import javax.imageio.ImageIO;

/** Reads QR images back, the way a phone's camera would. */
public final class QrCodes {
    private QrCodes() {}

    public static String decode(byte[] png) {
        try {
            var image = ImageIO.read(new ByteArrayInputStream(png));
            var bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
            return new QRCodeReader()
                    .decode(bitmap, Map.of(DecodeHintType.PURE_BARCODE, true, DecodeHintType.TRY_HARDER, true))
                    .getText();
        } catch (IOException | NotFoundException | ChecksumException | FormatException e) {
            throw new AssertionError("Not a readable QR code", e);
        }
    }

    public static String decodeDataUrl(String dataUrl) {
        return decode(Base64.getDecoder().decode(dataUrl.substring(dataUrl.indexOf(',') + 1)));
    }
}
