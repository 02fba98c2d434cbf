package cloud.wapiconnect.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/**
 * The one container-managed EntityManager every repository uses. Helidon backs each
 * {@code @PersistenceContext} injection point with its own persistence context, and each takes its
 * own connection from the JTA-adapted pool; a transaction that spans two repositories would then run
 * on two connections that wait on each other's row locks. One injection point keeps a transaction on
 * one connection.
 */
@ApplicationScoped
class SharedEntityManager {
    @PersistenceContext(unitName = "wapi")
    EntityManager em;

    EntityManager get() {
        return em;
    }
}
