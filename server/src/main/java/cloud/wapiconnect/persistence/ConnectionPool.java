package cloud.wapiconnect.persistence;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.util.function.Supplier;

/**
 * What the connection pool of {@link DataSourceProducer} is doing now (for metrics; no database call). Made by the
 * producer from the pool itself: the {@code DataSource} that CDI injects is a proxy that unwraps to itself.
 */
public final class ConnectionPool {
    /** Connections lent out, connections free, callers waiting for one. */
    public record Usage(int active, int idle, int pending) {}

    private final Supplier<HikariDataSource> dataSource;

    ConnectionPool(Supplier<HikariDataSource> dataSource) {
        this.dataSource = dataSource;
    }

    public Usage usage() {
        HikariDataSource source = dataSource.get();
        HikariPoolMXBean pool = source == null ? null : source.getHikariPoolMXBean();
        return pool == null
                ? new Usage(0, 0, 0)
                : new Usage(
                        pool.getActiveConnections(), pool.getIdleConnections(), pool.getThreadsAwaitingConnection());
    }
}
