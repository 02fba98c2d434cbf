package cloud.wapiconnect.rest.dto;

import cloud.wapiconnect.usage.Usage;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Today's usage of a tenant's plan. */
@Schema(name = "Usage")
public record UsageJson(String plan, String date, int used, int limit, int remaining, long sessions, int maxSessions) {
    public static UsageJson of(Usage u) {
        return new UsageJson(u.plan(), u.date(), u.used(), u.limit(), u.remaining(), u.sessions(), u.maxSessions());
    }
}
