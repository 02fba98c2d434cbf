package cloud.wapiconnect.media;

import cloud.wapiconnect.crypto.Sha256;

/**
 * Media ready to send: the bytes, their MIME type and the file name WhatsApp shows.
 *
 * @param voiceNote OGG/Opus audio, which WhatsApp plays as a voice note
 */
public record Media(MediaKind kind, byte[] bytes, String mimeType, String fileName, boolean voiceNote) {
    public int size() {
        return bytes.length;
    }

    public String sha256() {
        return Sha256.hex(bytes);
    }
}
