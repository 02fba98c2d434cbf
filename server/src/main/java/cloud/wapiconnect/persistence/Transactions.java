package cloud.wapiconnect.persistence;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.Persistence;
import jakarta.transaction.Transactional.TxType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Resource-local transactions, one EntityManager (and so one connection) per transaction, bound to
 * the calling thread. This replaces JTA: with a single database there is nothing to coordinate, and
 * the JTA adapter for non-XA pools commits every transaction of the process under one global lock,
 * which capped the whole server at one commit at a time.
 */
@ApplicationScoped
public class Transactions {
    private static final Logger LOG = Logger.getLogger(Transactions.class.getName());
    /**
     * Attempts of a transaction the database chose as a deadlock victim: on one MariaDB a deadlock is rare and
     * the second attempt wins; on Galera every commit that touched a row another member committed meanwhile
     * fails certification with the same error, and writers through several members of one hot row (the event
     * id counter) lose several times in a row under load: with 3 attempts, about one incoming message in eight
     * was a 500 in src/bench/cluster.sh --galera (8 injectors over 3 members).
     */
    private static final int MAX_ATTEMPTS = 8;
    /** Attempts of a transaction whose lock wait timed out. */
    private static final int MAX_LOCK_TIMEOUT_ATTEMPTS = 3;
    /** The first pause; it doubles per attempt up to {@link #MAX_RETRY_PAUSE_MS}, with jitter. */
    private static final long RETRY_BACKOFF_MS = 10;

    private static final long MAX_RETRY_PAUSE_MS = 400;
    /** H2's ErrorCode.LOCK_TIMEOUT_1. */
    private static final int H2_LOCK_TIMEOUT = 50200;

    private final EntityManagerFactory factory;
    private final ThreadLocal<Deque<Frame>> frames = ThreadLocal.withInitial(ArrayDeque::new);

    /** One transaction: its EntityManager, whether a joined call failed (JTA's rollback-only), its after-commit work. */
    private static final class Frame {
        final EntityManager em;
        boolean rollbackOnly;
        List<Runnable> afterCommit = List.of();

        Frame(EntityManager em) {
            this.em = em;
        }
    }

    @Inject
    public Transactions(@Named("wapi") DataSource dataSource) {
        this.factory = Persistence.createEntityManagerFactory(
                "wapi", Map.of("jakarta.persistence.nonJtaDataSource", dataSource));
    }

    /** The EntityManager of the current transaction. */
    EntityManager current() {
        Frame frame = frames.get().peek();
        if (frame == null) {
            throw new IllegalStateException("No transaction: the caller must be @Transactional");
        }
        return frame.em;
    }

    /**
     * Runs {@code action} once the current transaction has committed (never if it rolls back), on the
     * committing thread. For signals that must not be seen before the data they announce, such as
     * "new events are in the log". An action that throws is logged and does not affect the others.
     */
    public void afterCommit(Runnable action) {
        Frame frame = frames.get().peek();
        if (frame == null) {
            throw new IllegalStateException("No transaction: the caller must be @Transactional");
        }
        if (frame.afterCommit.isEmpty()) {
            frame.afterCommit = new ArrayList<>(2);
        }
        frame.afterCommit.add(action);
    }

    /**
     * Runs work with the given propagation: {@code REQUIRED} (and {@code SUPPORTS}, {@code MANDATORY})
     * joins a running transaction or starts one; {@code REQUIRES_NEW} always starts its own. A joined
     * call that throws an unchecked exception dooms the transaction it joined. A transaction that
     * loses a deadlock is run again (up to 8 attempts, pauses doubling from 10 ms, jittered); one whose lock
     * wait timed out up to 3 attempts.
     */
    public <T> T run(TxType type, Callable<T> work) throws Exception {
        Deque<Frame> stack = frames.get();
        Frame running = stack.peek();
        if (running != null && type != TxType.REQUIRES_NEW && type != TxType.NOT_SUPPORTED) {
            try {
                return work.call();
            } catch (RuntimeException | Error e) {
                running.rollbackOnly = true;
                throw e;
            }
        }
        // A transaction of its own can be run again when the database chose it as a deadlock victim or
        // its lock wait timed out: it holds no network I/O (services keep that outside), so repeating it
        // is safe. Each attempt takes the thread's stack afresh: the failed one removed it when it emptied,
        // and pushing onto that stale deque left the retry with no transaction its callees could see.
        for (int attempt = 1; ; attempt++) {
            try {
                return runNew(frames.get(), work);
            } catch (RuntimeException e) {
                // A lock wait that timed out already waited its whole timeout: three attempts at most, as
                // before, so that a request is not held eight timeouts long.
                int attempts = isDeadlock(e) ? MAX_ATTEMPTS : MAX_LOCK_TIMEOUT_ATTEMPTS;
                if (attempt >= attempts || !isDeadlockOrLockTimeout(e)) {
                    throw e;
                }
                // Jittered: writers that collided once must not collide again in lockstep.
                long pause = Math.min(MAX_RETRY_PAUSE_MS, RETRY_BACKOFF_MS << (attempt - 1));
                Thread.sleep(pause / 2
                        + java.util.concurrent.ThreadLocalRandom.current().nextLong(pause / 2 + 1));
            }
        }
    }

    /** A deadlock victim (MariaDB 1213, a Galera certification failure included; SQLSTATE 40001). */
    static boolean isDeadlock(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql
                    && ("40001".equals(sql.getSQLState()) || sql.getErrorCode() == 1213)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Deadlock (MariaDB 1213, SQLSTATE 40001) or lock wait timeout (MariaDB 1205; H2 50200 "Timeout trying
     * to lock table", and H2's deadlock 40001), anywhere in the cause chain, whether Hibernate translated it
     * (JPA or its own exception types) or not (JDBC work).
     */
    public static boolean isDeadlockOrLockTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql
                    && ("40001".equals(sql.getSQLState())
                            || sql.getErrorCode() == 1213
                            || sql.getErrorCode() == 1205
                            || sql.getErrorCode() == H2_LOCK_TIMEOUT)) {
                return true;
            }
            if (t instanceof jakarta.persistence.PessimisticLockException
                    || t instanceof jakarta.persistence.LockTimeoutException
                    || t instanceof org.hibernate.PessimisticLockException
                    || t instanceof org.hibernate.exception.LockAcquisitionException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private <T> T runNew(Deque<Frame> stack, Callable<T> work) throws Exception {
        Frame frame = new Frame(factory.createEntityManager());
        stack.push(frame);
        EntityTransaction tx = frame.em.getTransaction();
        try {
            tx.begin();
            T result = work.call();
            if (frame.rollbackOnly) {
                tx.rollback();
            } else {
                tx.commit();
                runAfterCommit(frame);
            }
            return result;
        } catch (RuntimeException | Error e) {
            rollbackQuietly(tx, e);
            throw e;
        } catch (Exception checked) {
            // As with JTA, a checked exception does not roll back what was done.
            if (tx.isActive()) {
                tx.commit();
                runAfterCommit(frame);
            }
            throw checked;
        } finally {
            stack.pop();
            frame.em.close();
            if (stack.isEmpty()) {
                frames.remove();
            }
        }
    }

    private static void runAfterCommit(Frame frame) {
        for (Runnable action : frame.afterCommit) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "After-commit action failed", e);
            }
        }
    }

    private static void rollbackQuietly(EntityTransaction tx, Throwable cause) {
        try {
            if (tx.isActive()) {
                tx.rollback();
            }
        } catch (RuntimeException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }

    @PreDestroy
    void close() {
        factory.close();
    }
}
