package cloud.wapiconnect.bulk;

import cloud.wapiconnect.media.MediaBytes;
import cloud.wapiconnect.persistence.SharedEntityManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.Session;

/** A bulk job's media bytes (plain SQL), stored once per job in parts. */
@ApplicationScoped
@Transactional
class BulkMediaRepository {
    private static final int MEDIA_PART = 1024 * 1024;

    private final EntityManager em;

    @Inject
    BulkMediaRepository(SharedEntityManager shared) {
        this.em = shared.get();
    }

    /** Stores a job's media bytes, once, in parts that stay under the database's packet limit. */
    public void insert(String jobId, MediaBytes bytes) {
        for (int part = 0, offset = 0; offset < bytes.size(); part++, offset += MEDIA_PART) {
            em.createNativeQuery("INSERT INTO bulk_job_media (job_id, part, bytes) VALUES (?1, ?2, ?3)")
                    .setParameter(1, jobId)
                    .setParameter(2, part)
                    .setParameter(3, bytes.copyOfRange(offset, Math.min(bytes.size(), offset + MEDIA_PART)))
                    .executeUpdate();
        }
    }

    /**
     * A job's media, reassembled from its parts. Read through JDBC's {@code getBytes}: a native query hands
     * a BLOB column back as a {@code java.sql.Blob} on H2 and as {@code byte[]} on MariaDB.
     */
    public byte[] read(String jobId) {
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT bytes FROM bulk_job_media WHERE job_id = ? ORDER BY part")) {
                select.setString(1, jobId);
                List<byte[]> parts = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        parts.add(rows.getBytes(1));
                    }
                }
                // Media may be 100 MiB: one array of the exact size, no doubling buffer.
                byte[] media = new byte[parts.stream().mapToInt(p -> p.length).sum()];
                int offset = 0;
                for (byte[] part : parts) {
                    System.arraycopy(part, 0, media, offset, part.length);
                    offset += part.length;
                }
                return media;
            }
        });
    }

    /** Deletes a job's media. */
    public void delete(String jobId) {
        em.createNativeQuery("DELETE FROM bulk_job_media WHERE job_id = ?1")
                .setParameter(1, jobId)
                .executeUpdate();
    }
}
