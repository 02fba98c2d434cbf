package cloud.wapiconnect.media;

/**
 * Media ready to send: the bytes, their MIME type and the file name WhatsApp shows.
 *
 * @param voiceNote OGG/Opus audio, which WhatsApp plays as a voice note
 */
public record Media(MediaKind kind, MediaBytes bytes, String mimeType, String fileName, boolean voiceNote) {
    public int size() {
        return bytes.size();
    }

    public String sha256() {
        return bytes.sha256();
    }
}
