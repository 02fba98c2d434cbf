package cloud.wapiconnect.grpc;

import cloud.wapiconnect.bulk.BulkJob;
import cloud.wapiconnect.bulk.BulkRecipient;
import cloud.wapiconnect.bulk.BulkRequest;
import cloud.wapiconnect.bulk.RecipientInput;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.proto.v1.BulkJobError;
import cloud.wapiconnect.proto.v1.BulkJobStatus;
import cloud.wapiconnect.proto.v1.BulkRecipientStatus;
import cloud.wapiconnect.proto.v1.StartBulkJobRequest;
import java.util.AbstractList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Bulk jobs between the gRPC API and the domain. */
final class BulkMapper {
    private BulkMapper() {}

    static BulkRequest request(StartBulkJobRequest r) {
        // A view, not a copy: the service reads the recipients twice and 100,000 of them exist once.
        List<RecipientInput> recipients = new AbstractList<>() {
            @Override
            public RecipientInput get(int index) {
                var input = r.getRecipients(index);
                return new RecipientInput(
                        Protos.orNull(input.getPhone()), Protos.orNull(input.getName()), input.getVariablesMap());
            }

            @Override
            public int size() {
                return r.getRecipientsCount();
            }
        };
        return new BulkRequest(
                r.getRecipientsCount() == 0 ? null : recipients,
                MessageMapper.fields(r.getContent()),
                r.hasDelayMin() ? r.getDelayMin() : null,
                r.hasDelayMax() ? r.getDelayMax() : null,
                r.getSkipNotOnWhatsapp());
    }

    static cloud.wapiconnect.proto.v1.BulkJob toProto(BulkJob job) {
        cloud.wapiconnect.proto.v1.BulkJob.Builder b = cloud.wapiconnect.proto.v1.BulkJob.newBuilder()
                .setJobId(job.id())
                .setSessionId(job.sessionId())
                .setStatus(status(job.status()))
                .setType(Protos.orEmpty(job.type()))
                .setTotal(job.total())
                .setSucceeded(job.succeeded())
                .setFailed(job.failed())
                .setProcessed(job.processed())
                .setSkipped(job.skipped())
                .setDuplicatesRemoved(job.duplicatesRemoved())
                .setWaitingFor(Protos.orEmpty(job.waitingFor()))
                .setCreatedAt(Protos.timestamp(job.createdAt()));
        if (job.errorCode() != null) {
            b.setError(
                    BulkJobError.newBuilder().setCode(job.errorCode()).setMessage(Protos.orEmpty(job.errorMessage())));
        }
        b.setCancelled(job.cancelled());
        if (job.startedAt() != null) {
            b.setStartedAt(Protos.timestamp(job.startedAt()));
        }
        if (job.completedAt() != null) {
            b.setCompletedAt(Protos.timestamp(job.completedAt()));
        }
        return b.build();
    }

    static cloud.wapiconnect.proto.v1.BulkRecipient toProto(BulkRecipient r) {
        cloud.wapiconnect.proto.v1.BulkRecipient.Builder b = cloud.wapiconnect.proto.v1.BulkRecipient.newBuilder()
                .setIndex(r.index())
                .setPhone(Protos.orEmpty(r.phone()))
                .setName(Protos.orEmpty(r.name()))
                .setStatus(BulkRecipientStatus.valueOf(
                        "BULK_RECIPIENT_STATUS_" + r.status().toUpperCase(Locale.ROOT)))
                .setMessageId(Protos.orEmpty(r.messageId()))
                .setError(Protos.orEmpty(r.error()));
        if (r.sentAt() != null) {
            b.setSentAt(Protos.timestamp(r.sentAt()));
        }
        return b.build();
    }

    static BulkJobStatus status(cloud.wapiconnect.bulk.BulkJobStatus status) {
        return Protos.toProto(BulkJobStatus.class, "BULK_JOB_STATUS_", status);
    }

    /** @throws WapiException {@code INVALID_REQUEST} for {@code BULK_JOB_STATUS_CANCELLED}, which no job has */
    static Optional<cloud.wapiconnect.bulk.BulkJobStatus> status(BulkJobStatus status) {
        if (status == BulkJobStatus.BULK_JOB_STATUS_CANCELLED) {
            throw WapiException.invalid(
                    "No job has BULK_JOB_STATUS_CANCELLED: a cancelled job is BULK_JOB_STATUS_FAILED "
                            + "with cancelled = true");
        }
        return Protos.fromProto(cloud.wapiconnect.bulk.BulkJobStatus.class, "BULK_JOB_STATUS_", status);
    }

    /** The recipient filter; empty for all. @throws WapiException {@code INVALID_REQUEST} for an unknown number */
    static Optional<cloud.wapiconnect.bulk.BulkRecipientStatus> recipientStatus(BulkRecipientStatus status) {
        return Protos.fromProto(cloud.wapiconnect.bulk.BulkRecipientStatus.class, "BULK_RECIPIENT_STATUS_", status);
    }
}
