package cloud.wapiconnect.bulk;

/** A queued job: {@code total} unique recipients after {@code duplicatesRemoved} repeats were dropped. */
public record BulkAccepted(String jobId, int total, int duplicatesRemoved) {}
