package cloud.wapiconnect.rest.dto;

import java.io.IOException;
import java.io.InputStream;

/**
 * A request body as {@code MediaBodyReader} hands it to Jackson, with what {@link MediaBase64Deserializer}
 * needs to read one string value itself: bytes can be pushed back (what Jackson had buffered ahead,
 * and what the deserializer read past the string's end), the declared length, and the decode cap.
 */
public final class BodySource extends InputStream {
    private static final byte[] EMPTY = new byte[0];
    private final InputStream in;
    private final long declaredLength;
    private final long mediaCap;
    private byte[] pending = EMPTY;
    private int pendingPos;

    /**
     * @param declaredLength the Content-Length, or -1
     * @param mediaCap       the most bytes of inline media worth decoding (the largest media limit)
     */
    public BodySource(InputStream in, long declaredLength, long mediaCap) {
        this.in = in;
        this.declaredLength = declaredLength;
        this.mediaCap = mediaCap;
    }

    long declaredLength() {
        return declaredLength;
    }

    long mediaCap() {
        return mediaCap;
    }

    /** Puts bytes back in front of whatever is still to be read. */
    void unread(byte[] bytes, int offset, int count) {
        if (count == 0) {
            return;
        }
        int left = pending.length - pendingPos;
        byte[] joined = new byte[count + left];
        System.arraycopy(bytes, offset, joined, 0, count);
        System.arraycopy(pending, pendingPos, joined, count, left);
        pending = joined;
        pendingPos = 0;
    }

    @Override
    public int read() throws IOException {
        if (pendingPos < pending.length) {
            return pending[pendingPos++] & 0xFF;
        }
        return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pendingPos < pending.length) {
            int n = Math.min(len, pending.length - pendingPos);
            System.arraycopy(pending, pendingPos, b, off, n);
            pendingPos += n;
            if (pendingPos == pending.length) {
                pending = EMPTY;
                pendingPos = 0;
            }
            return n;
        }
        return in.read(b, off, len);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
