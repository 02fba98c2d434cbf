package cloud.wapiconnect.engine;

/**
 * The attachment of a message someone sent to a session, as WhatsApp delivered it.
 *
 * @param data     the decrypted bytes
 * @param mimeType e.g. {@code image/jpeg}; {@code application/octet-stream} when WhatsApp gave none
 * @param fileName the sender's file name (documents); null when WhatsApp gave none
 */
public record IncomingMedia(byte[] data, String mimeType, String fileName) {
    public IncomingMedia {
        mimeType = mimeType == null || mimeType.isBlank() ? "application/octet-stream" : mimeType;
        fileName = fileName == null || fileName.isBlank() ? null : fileName;
    }
}
