package cloud.wapiconnect.rest;

import jakarta.enterprise.context.RequestScoped;

/**
 * How many recipients the current bulk submission may have, as {@link BulkAdmissionFilter} found before its body
 * was read; {@link MediaBodyReader} keeps no more than that.
 */
@RequestScoped
public class BulkRoom {
    private int recipients = Integer.MAX_VALUE;

    int recipients() {
        return recipients;
    }

    void set(int recipients) {
        this.recipients = recipients;
    }
}
