package cloud.wapiconnect.portal;

import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;
import org.glassfish.jersey.media.multipart.FormDataBodyPart;
import org.glassfish.jersey.media.multipart.FormDataMultiPart;
import org.glassfish.jersey.media.multipart.MultiPartFeature;
import org.glassfish.jersey.server.ContainerRequest;

/**
 * The portal's file uploads (a campaign's CSV and media): multipart forms, read by Jersey's multipart support,
 * bounded by {@link #MAX_BYTES} before anything is read, since the CSRF check buffers the whole form to find its
 * token.
 */
@Provider
public class PortalUploads implements Feature {
    /** The largest upload form: the CSV ({@link CampaignCsv#MAX_BYTES}) and media of up to 16 MB. */
    static final long MAX_BYTES = 24L * 1024 * 1024;

    @Override
    public boolean configure(FeatureContext context) {
        context.register(MultiPartFeature.class);
        return true;
    }

    /**
     * A text field of a multipart form, the form kept for the resource to read again.
     *
     * @throws WapiException {@code PAYLOAD_TOO_LARGE} for a form beyond {@link #MAX_BYTES} or of unknown length
     */
    static String field(ContainerRequest request, String name) {
        int length = request.getLength();
        if (length < 0 || length > MAX_BYTES) {
            throw new WapiException(
                    ErrorCode.PAYLOAD_TOO_LARGE,
                    "Uploads are at most " + MAX_BYTES / (1024 * 1024) + " MB; larger media can be given by URL");
        }
        request.bufferEntity();
        FormDataMultiPart form = request.readEntity(FormDataMultiPart.class);
        FormDataBodyPart field = form.getField(name);
        return field == null ? null : field.getValue();
    }
}
