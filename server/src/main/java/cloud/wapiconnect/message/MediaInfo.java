package cloud.wapiconnect.message;

import cloud.wapiconnect.media.Media;

/** What the message log keeps of media: its type, size and file name. */
public record MediaInfo(String mimeType, long size, String fileName) {
    static MediaInfo of(Media media) {
        return new MediaInfo(media.mimeType(), media.size(), media.fileName());
    }
}
