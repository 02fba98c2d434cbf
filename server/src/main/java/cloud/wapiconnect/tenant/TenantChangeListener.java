package cloud.wapiconnect.tenant;

/**
 * Something that keeps a copy of tenant state and must drop it when the tenant changes, on whichever node the
 * change was made (the webhook outbox's endpoints, for one). {@link TenantChanges} calls every CDI bean of this
 * type (application-scoped): on the node that made the change right after its commit, and on every node once
 * its poll reads the change, so a listener may be told of one change more than once and must only drop what it
 * holds (idempotent, quick, never blocking).
 */
public interface TenantChangeListener {
    void changed(TenantChange change);
}
