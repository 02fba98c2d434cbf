package cloud.wapiconnect.persistence;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.PessimisticLockException;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import org.junit.jupiter.api.Test;

class TransactionsTest {
    @Test
    void deadlocksAndLockTimeoutsAreWorthAnotherTry() {
        assertTrue(Transactions.isDeadlockOrLockTimeout(new RuntimeException(
                new SQLTransactionRollbackException("Deadlock found when trying to get lock", "40001", 1213))));
        assertTrue(Transactions.isDeadlockOrLockTimeout(new RuntimeException(
                new SQLException("Lock wait timeout exceeded", "HY000", 1205))));
        assertTrue(Transactions.isDeadlockOrLockTimeout(new PessimisticLockException("lock")));
        assertFalse(Transactions.isDeadlockOrLockTimeout(new RuntimeException(
                new SQLException("Duplicate entry", "23000", 1062))));
        assertFalse(Transactions.isDeadlockOrLockTimeout(new IllegalStateException("bug")));
    }
}
