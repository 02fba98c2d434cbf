package cloud.wapiconnect.media;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Media bytes, held once. Decoders size their array before they know the exact length (from a
 * Content-Length), so the media may be a prefix of the array: trimming it would copy every byte
 * again. Readers get views, never copies of the whole.
 */
public final class MediaBytes {
    private final byte[] array;
    private final int length;

    private MediaBytes(byte[] array, int length) {
        this.array = array;
        this.length = length;
    }

    /** Wraps an array without copying it; the caller gives it up. */
    public static MediaBytes of(byte[] bytes) {
        return new MediaBytes(bytes, bytes.length);
    }

    public int size() {
        return length;
    }

    /** A read-only view, for engines that upload from buffers. */
    public ByteBuffer buffer() {
        return ByteBuffer.wrap(array, 0, length).asReadOnlyBuffer();
    }

    public InputStream stream() {
        return new ByteArrayInputStream(array, 0, length);
    }

    /** A copy of at most the first {@code n} bytes (magic numbers). */
    public byte[] head(int n) {
        return Arrays.copyOf(array, Math.min(n, length));
    }

    /** A copy of one part, for storage in parts. */
    public byte[] copyOfRange(int from, int to) {
        if (to > length) {
            throw new IndexOutOfBoundsException(to);
        }
        return Arrays.copyOfRange(array, from, to);
    }

    public String sha256() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(array, 0, length);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * Collects bytes of unknown length up to a cap. Given the right size up front it never copies;
     * otherwise it grows by doubling (a copy per step, as any growing buffer), and the result keeps
     * the array as it is instead of trimming it.
     */
    public static final class Builder {
        private static final int MIN_GROWTH = 64 * 1024;
        private final long cap;
        private byte[] array;
        private int length;
        private boolean overflowed;

        /**
         * @param expected the likely size (a hint; 0 when unknown)
         * @param cap      the most bytes kept; beyond it the bytes are dropped and {@link #overflowed()} says so
         */
        public Builder(long expected, long cap) {
            this.cap = Math.min(cap, Integer.MAX_VALUE - 16);
            this.array = new byte[(int) Math.max(0, Math.min(expected, this.cap))];
        }

        public void write(int b) {
            if (overflowed || length == array.length && !grow(1)) {
                return;
            }
            array[length++] = (byte) b;
        }

        public void write(byte[] bytes, int offset, int count) {
            if (overflowed || length + count > array.length && !grow(count)) {
                return;
            }
            System.arraycopy(bytes, offset, array, length, count);
            length += count;
        }

        /** Whether more than the cap was written: the bytes are gone and only the fact is kept. */
        public boolean overflowed() {
            return overflowed;
        }

        public int length() {
            return length;
        }

        /** The bytes; a builder that overflowed has none. */
        public MediaBytes build() {
            if (overflowed) {
                throw new IllegalStateException("more than " + cap + " bytes were written");
            }
            // A hint far above the content (other large fields in the body) would keep dead memory alive.
            byte[] kept = array.length - length > Math.max(MIN_GROWTH, array.length / 8)
                    ? Arrays.copyOf(array, length)
                    : array;
            return new MediaBytes(kept, length);
        }

        private boolean grow(int more) {
            if (length + (long) more > cap) {
                overflowed = true;
                array = new byte[0];
                return false;
            }
            long wanted = Math.max((long) array.length * 2, Math.max(length + (long) more, MIN_GROWTH));
            array = Arrays.copyOf(array, (int) Math.min(wanted, cap));
            return true;
        }
    }
}
