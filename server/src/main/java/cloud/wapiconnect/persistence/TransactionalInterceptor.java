package cloud.wapiconnect.persistence;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

/**
 * Gives {@code @Transactional} methods (and classes) a resource-local transaction from {@link Transactions}.
 * The annotation's {@code value} is a binding member, so each propagation this code uses has its own
 * interceptor: this one for {@code REQUIRED} (the default), {@link RequiresNew} for {@code REQUIRES_NEW}.
 */
@Transactional
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 200)
public class TransactionalInterceptor {
    @Inject
    Transactions transactions;

    @AroundInvoke
    Object inTransaction(InvocationContext invocation) throws Exception {
        return transactions.run(type(invocation), invocation::proceed);
    }

    private static TxType type(InvocationContext invocation) {
        Transactional annotation = invocation.getMethod().getAnnotation(Transactional.class);
        if (annotation == null) {
            annotation = invocation.getMethod().getDeclaringClass().getAnnotation(Transactional.class);
        }
        return annotation == null ? TxType.REQUIRED : annotation.value();
    }

    @Transactional(TxType.REQUIRES_NEW)
    @Interceptor
    @Priority(Interceptor.Priority.PLATFORM_BEFORE + 200)
    public static class RequiresNew extends TransactionalInterceptor {}
}
