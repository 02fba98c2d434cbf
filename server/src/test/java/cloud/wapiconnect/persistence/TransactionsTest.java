package cloud.wapiconnect.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PessimisticLockException;
import jakarta.transaction.Transactional.TxType;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class TransactionsTest {
    @Test
    void deadlocksAndLockTimeoutsAreWorthAnotherTry() {
        assertTrue(Transactions.isDeadlockOrLockTimeout(new RuntimeException(
                new SQLTransactionRollbackException("Deadlock found when trying to get lock", "40001", 1213))));
        assertTrue(Transactions.isDeadlockOrLockTimeout(
                new RuntimeException(new SQLException("Lock wait timeout exceeded", "HY000", 1205))));
        assertTrue(Transactions.isDeadlockOrLockTimeout(new PessimisticLockException("lock")));
        assertFalse(Transactions.isDeadlockOrLockTimeout(
                new RuntimeException(new SQLException("Duplicate entry", "23000", 1062))));
        assertFalse(Transactions.isDeadlockOrLockTimeout(new IllegalStateException("bug")));
    }

    @Test
    void h2LockTimeoutsAreWorthAnotherTry() {
        assertTrue(Transactions.isDeadlockOrLockTimeout(new org.hibernate.PessimisticLockException(
                "lock",
                new SQLException("Timeout trying to lock table \"bulk_recipients\"", "HYT00", 50200),
                "UPDATE")));
    }

    /**
     * The dead bulk workers of issue 15: the first attempt of a transaction that timed out on a lock emptied
     * the thread's stack of transactions and removed it, and the retry pushed its transaction onto that
     * removed deque, so everything it called found "No transaction".
     */
    @Test
    void theRetryAfterALockTimeoutRunsInATransactionItsCalleesSee() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:transactions-test;MODE=MariaDB;DB_CLOSE_DELAY=-1");
        Transactions transactions = new Transactions(h2);
        try {
            AtomicInteger attempts = new AtomicInteger();
            Object answer = transactions.run(TxType.REQUIRED, () -> {
                EntityManager em = transactions.current();
                if (attempts.incrementAndGet() == 1) {
                    throw new PessimisticLockException("Timeout trying to lock table");
                }
                return em.createNativeQuery("SELECT 42").getSingleResult();
            });
            assertEquals(2, attempts.get());
            assertEquals(42, ((Number) answer).intValue());
        } finally {
            transactions.close();
        }
    }
}
