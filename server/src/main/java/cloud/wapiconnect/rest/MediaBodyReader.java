package cloud.wapiconnect.rest;

import cloud.wapiconnect.config.WapiConfig;
import cloud.wapiconnect.json.Json;
import cloud.wapiconnect.media.MediaKind;
import cloud.wapiconnect.rest.dto.BodySource;
import cloud.wapiconnect.rest.dto.RecipientsDeserializer;
import cloud.wapiconnect.rest.dto.SendBody;
import cloud.wapiconnect.rest.dto.SendBulkBody;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectReader;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Arrays;

/**
 * Reads the bodies that may carry {@code mediaBase64} with the server's {@link Json} mapper, as
 * Jersey's Jackson provider would, but over a {@link BodySource} so that the media is decoded as it
 * streams in instead of becoming a string first; a bulk job's recipients no more than the room its tenant's
 * bounds left ({@link BulkRoom}).
 */
@Provider
@Consumes(MediaType.APPLICATION_JSON)
public class MediaBodyReader implements MessageBodyReader<Object> {
    @Inject
    WapiConfig config;

    @Inject
    BulkRoom room;

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == SendBody.class || type == SendBulkBody.class;
    }

    @Override
    public Object readFrom(
            Class<Object> type,
            Type genericType,
            Annotation[] annotations,
            MediaType mediaType,
            MultivaluedMap<String, String> headers,
            InputStream entity)
            throws IOException {
        BodySource source =
                new BodySource(entity, declaredLength(headers.getFirst(HttpHeaders.CONTENT_LENGTH)), mediaCap());
        ObjectReader reader = Json.MAPPER.readerFor(type).withAttribute(BodySource.class, source);
        if (SendBulkBody.class.equals(type)) {
            reader = reader.withAttribute(
                    RecipientsDeserializer.Room.class, new RecipientsDeserializer.Room(room.recipients()));
        }
        try (JsonParser parser = reader.createParser(source)) {
            if (parser.nextToken() == null) {
                return null; // no body: Bodies.require says so in the API's words
            }
            return reader.readValue(parser);
        }
    }

    private long mediaCap() {
        return Arrays.stream(MediaKind.values())
                .mapToLong(kind -> kind.maxBytes(config.media()))
                .max()
                .orElseThrow();
    }

    private static long declaredLength(String header) {
        try {
            return header == null ? -1 : Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
