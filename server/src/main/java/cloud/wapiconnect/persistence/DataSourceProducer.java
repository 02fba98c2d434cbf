package cloud.wapiconnect.persistence;

import cloud.wapiconnect.config.DataDirectory;
import cloud.wapiconnect.config.LockTimeoutConfig;
import cloud.wapiconnect.config.WapiConfig;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import javax.sql.DataSource;

/**
 * The pooled data source named {@code wapi}: Flyway migrates through it, {@link Transactions} runs the
 * persistence unit on it, health checks ping it. Built from {@link WapiConfig} so that one setting,
 * {@code WAPI_DB_URL}, chooses between MariaDB and the embedded H2 database.
 */
@ApplicationScoped
class DataSourceProducer {
    private volatile HikariDataSource pool;

    @Produces
    @ApplicationScoped
    @Named("wapi")
    DataSource dataSource(WapiConfig config, LockTimeoutConfig lockTimeout) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("wapi");
        hikari.setJdbcUrl(config.jdbcUrl());
        if (!config.dbUser().isEmpty()) {
            hikari.setUsername(config.dbUser());
        }
        if (!config.dbPassword().isEmpty()) {
            hikari.setPassword(config.dbPassword());
        }
        // Enough for every request, sandbox callback and worker that may want one at once: when callers
        // have to wait, Hikari's hand-over spins (Thread.yield) on every returned connection, which cost
        // a tenth of the server's CPU at 20 connections under the send benchmark.
        hikari.setMaximumPoolSize(config.dbPoolSize());
        // Read committed: no gap locks, so concurrent first-of-the-day counter rows and queue claims
        // cannot deadlock; every invariant here is kept by row locks and conditional updates.
        hikari.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        // Connections start in a transaction: otherwise Hibernate turns autocommit off and on again
        // around every transaction, two extra round trips each (see persistence.xml).
        hikari.setAutoCommit(false);
        // One lock timeout on both databases (MariaDB's own default is 50 s): a statement stuck behind a
        // lock fails soon and is retried (Transactions), rather than holding its connection and caller.
        hikari.setConnectionInitSql(lockTimeout.initSql(config.jdbcUrl()));
        pool = new HikariDataSource(hikari);
        if (config.embeddedDatabase()) {
            // The pool has opened the first connection: H2 has created its files, with the process's umask.
            DataDirectory.restrictFiles(config.dataDir().toAbsolutePath(), WapiConfig.EMBEDDED_DATABASE_NAME + ".");
        }
        return pool;
    }

    /** The pool's own view of itself (empty until the first use of the data source creates the pool). */
    @Produces
    ConnectionPool connectionPool() {
        return new ConnectionPool(() -> pool);
    }

    void close(@Disposes @Named("wapi") DataSource dataSource) {
        ((HikariDataSource) dataSource).close();
    }
}
