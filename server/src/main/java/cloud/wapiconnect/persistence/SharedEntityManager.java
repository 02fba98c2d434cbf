package cloud.wapiconnect.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * The EntityManager repositories use: a stand-in that always acts on the EntityManager of the
 * calling thread's current transaction (see {@link Transactions}).
 */
@ApplicationScoped
public class SharedEntityManager {
    private final EntityManager proxy;

    @Inject
    SharedEntityManager(Transactions transactions) {
        this.proxy = (EntityManager) Proxy.newProxyInstance(
                EntityManager.class.getClassLoader(), new Class<?>[] {EntityManager.class}, (p, method, args) -> {
                    try {
                        return method.invoke(transactions.current(), args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    public EntityManager get() {
        return proxy;
    }
}
