package cloud.wapiconnect.rest;

import cloud.wapiconnect.config.WapiConfig;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import jakarta.inject.Inject;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes of every body as it is read, so that a body without Content-Length (chunked) that
 * grows past {@code WAPI_MAX_BODY_BYTES} is refused in the API's error shape. Helidon's own backstop
 * ({@code server.max-payload-size}, set a little higher) would answer with a plain-text 413.
 */
@Provider
public class BodyLimitInterceptor implements ReaderInterceptor {
    @Inject
    WapiConfig config;

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        context.setInputStream(new Limited(context.getInputStream(), config.maxBodyBytes()));
        return context.proceed();
    }

    private static final class Limited extends FilterInputStream {
        private final long limit;
        private long count;

        Limited(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            counted(skipped);
            return skipped;
        }

        /**
         * An IOException, because Jackson wraps runtime exceptions from its input into mapping errors
         * (a 400) but passes I/O errors through; the mappers find the WapiException as its cause.
         */
        private void counted(long n) throws IOException {
            count += n;
            if (count > limit) {
                throw new IOException(
                        "request body too large",
                        new WapiException(
                                ErrorCode.PAYLOAD_TOO_LARGE, "Request body too large (at most " + limit + " bytes)"));
            }
        }
    }
}
