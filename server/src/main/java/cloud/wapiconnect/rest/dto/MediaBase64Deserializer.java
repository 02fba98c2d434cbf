package cloud.wapiconnect.rest.dto;

import cloud.wapiconnect.media.InlineMedia;
import cloud.wapiconnect.media.InlineMediaDecoder;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.UTF8StreamJsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Reads {@code mediaBase64} without ever holding its text. Jackson would build the whole string
 * (a 16 MB image is 22 MB of base64: char segments, a StringBuilder and the String, each a copy),
 * and its own binary decoding cannot skip a {@code data:} prefix. So the deserializer takes the
 * string's bytes from the {@link BodySource} itself, unescapes and decodes them straight into the
 * media's array, and pushes back the closing quote and what follows: Jackson still sees the value
 * as unread and skips it with one byte. Bodies read any other way are decoded from Jackson's text.
 */
public class MediaBase64Deserializer extends JsonDeserializer<InlineMedia> {
    private static final int CHUNK = 16 * 1024;

    @Override
    public InlineMedia deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            return (InlineMedia) ctxt.handleUnexpectedToken(InlineMedia.class, p);
        }
        if (!(ctxt.getAttribute(BodySource.class) instanceof BodySource source)) {
            return InlineMedia.fromText(p.getText());
        }
        if (!atUnreadString(p)) {
            return InlineMedia.decode(p.getText(), source.mediaCap());
        }
        long offset = p.currentLocation().getByteOffset(); // before releaseBuffered, which moves it to the buffer's end
        ByteArrayOutputStream ahead = new ByteArrayOutputStream(CHUNK);
        p.releaseBuffered(ahead);
        source.unread(ahead.toByteArray(), 0, ahead.size());
        long expected = source.declaredLength() < 0 ? 0 : Math.max(0, source.declaredLength() - offset) / 4 * 3 + 3;
        InlineMediaDecoder decoder = new InlineMediaDecoder(Math.min(expected, source.mediaCap()), source.mediaCap());
        new StringReader(p, source, decoder).read();
        return decoder.finish();
    }

    /**
     * Whether Jackson stopped right after the value's opening quote, as its byte parser does until
     * someone asks for the text: only then do the bytes ahead belong to the string.
     */
    private static boolean atUnreadString(JsonParser p) {
        return p instanceof UTF8StreamJsonParser
                && p.currentLocation().getByteOffset()
                        == p.currentTokenLocation().getByteOffset() + 1;
    }

    /** The JSON string's content, unescaped, up to (not including) its closing quote. */
    private static final class StringReader {
        private final JsonParser parser;
        private final BodySource source;
        private final InlineMediaDecoder decoder;
        private final byte[] buffer = new byte[CHUNK];
        private int pos;
        private int end;

        StringReader(JsonParser parser, BodySource source, InlineMediaDecoder decoder) {
            this.parser = parser;
            this.source = source;
            this.decoder = decoder;
        }

        void read() throws IOException {
            while (true) {
                if (pos == end && !fill()) {
                    throw new JsonParseException(parser, "Unexpected end of input in the value of mediaBase64");
                }
                int start = pos;
                while (pos < end) {
                    int b = buffer[pos] & 0xFF;
                    if (b == '"' || b == '\\' || b < 0x20) {
                        break;
                    }
                    pos++;
                }
                decoder.accept(buffer, start, pos);
                if (pos == end) {
                    continue;
                }
                int b = buffer[pos] & 0xFF;
                if (b == '"') {
                    source.unread(buffer, pos, end - pos);
                    return;
                }
                if (b < 0x20) {
                    throw new JsonParseException(parser, "Illegal control character in the value of mediaBase64");
                }
                pos++;
                decoder.accept(unescape());
            }
        }

        private int unescape() throws IOException {
            int c = next();
            return switch (c) {
                case '"', '\\', '/' -> c;
                case 'b' -> '\b';
                case 'f' -> '\f';
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 't' -> '\t';
                case 'u' -> {
                    int value = 0;
                    for (int i = 0; i < 4; i++) {
                        int digit = Character.digit(next(), 16);
                        if (digit < 0) {
                            throw new JsonParseException(parser, "Invalid \\u escape in the value of mediaBase64");
                        }
                        value = value << 4 | digit;
                    }
                    yield value;
                }
                default -> throw new JsonParseException(parser, "Invalid escape in the value of mediaBase64");
            };
        }

        private int next() throws IOException {
            if (pos == end && !fill()) {
                throw new JsonParseException(parser, "Unexpected end of input in the value of mediaBase64");
            }
            return buffer[pos++] & 0xFF;
        }

        private boolean fill() throws IOException {
            int n = source.read(buffer, 0, buffer.length);
            if (n <= 0) {
                return false;
            }
            pos = 0;
            end = n;
            return true;
        }
    }
}
