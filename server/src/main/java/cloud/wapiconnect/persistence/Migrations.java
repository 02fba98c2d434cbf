package cloud.wapiconnect.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Brings the schema up to date with the scripts in {@code db/migration}; Hibernate never changes it. */
@ApplicationScoped
public class Migrations {
    private final DataSource dataSource;

    @Inject
    public Migrations(@Named("wapi") DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public int migrate() {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate()
                .migrationsExecuted;
    }
}
