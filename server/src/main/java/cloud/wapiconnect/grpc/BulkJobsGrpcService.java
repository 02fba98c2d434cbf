package cloud.wapiconnect.grpc;

import cloud.wapiconnect.bulk.BulkAccepted;
import cloud.wapiconnect.bulk.BulkJob;
import cloud.wapiconnect.bulk.BulkJobService;
import cloud.wapiconnect.bulk.BulkRecipient;
import cloud.wapiconnect.paging.Page;
import cloud.wapiconnect.paging.PageSize;
import cloud.wapiconnect.proto.v1.BulkJobsGrpc;
import cloud.wapiconnect.proto.v1.CancelBulkJobRequest;
import cloud.wapiconnect.proto.v1.GetBulkJobRequest;
import cloud.wapiconnect.proto.v1.ListBulkJobsRequest;
import cloud.wapiconnect.proto.v1.ListBulkJobsResponse;
import cloud.wapiconnect.proto.v1.ListBulkRecipientsRequest;
import cloud.wapiconnect.proto.v1.ListBulkRecipientsResponse;
import cloud.wapiconnect.proto.v1.StartBulkJobRequest;
import cloud.wapiconnect.proto.v1.StartBulkJobResponse;
import io.grpc.stub.StreamObserver;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

/** The gRPC twin of {@code rest.BulkJobResource}. */
@Dependent // the generated bindService() is final, so no client proxy: GrpcRoutes holds the one instance
@Typed(BulkJobsGrpcService.class)
public class BulkJobsGrpcService extends BulkJobsGrpc.BulkJobsImplBase {
    @Inject
    BulkJobService bulkJobs;

    @Override
    public void startBulkJob(StartBulkJobRequest r, StreamObserver<StartBulkJobResponse> out) {
        Rpc.unary(out, () -> {
            BulkAccepted accepted = bulkJobs.start(GrpcTenant.current(), r.getSessionId(), BulkMapper.request(r));
            return StartBulkJobResponse.newBuilder()
                    .setJobId(accepted.jobId())
                    .setTotal(accepted.total())
                    .setDuplicatesRemoved(accepted.duplicatesRemoved())
                    .build();
        });
    }

    @Override
    public void getBulkJob(GetBulkJobRequest r, StreamObserver<cloud.wapiconnect.proto.v1.BulkJob> out) {
        Rpc.unary(out, () -> BulkMapper.toProto(bulkJobs.get(GrpcTenant.current(), r.getJobId())));
    }

    @Override
    public void cancelBulkJob(CancelBulkJobRequest r, StreamObserver<cloud.wapiconnect.proto.v1.BulkJob> out) {
        Rpc.unary(out, () -> BulkMapper.toProto(bulkJobs.cancel(GrpcTenant.current(), r.getJobId())));
    }

    @Override
    public void listBulkJobs(ListBulkJobsRequest r, StreamObserver<ListBulkJobsResponse> out) {
        Rpc.unary(out, () -> {
            Page<BulkJob> page = bulkJobs.list(
                    GrpcTenant.current(),
                    Protos.optional(r.getSessionId()),
                    BulkMapper.status(r.getStatus()),
                    Protos.paging(
                            r.hasPage() ? r.getPage() : null, r.hasLimit() ? r.getLimit() : null, PageSize.BULK_JOBS));
            return ListBulkJobsResponse.newBuilder()
                    .addAllJobs(page.items().stream().map(BulkMapper::toProto).toList())
                    .setTotal(page.total())
                    .setPage(page.page())
                    .setPages(page.pages())
                    .build();
        });
    }

    @Override
    public void listBulkRecipients(ListBulkRecipientsRequest r, StreamObserver<ListBulkRecipientsResponse> out) {
        Rpc.unary(out, () -> {
            Page<BulkRecipient> page = bulkJobs.recipients(
                    GrpcTenant.current(),
                    r.getJobId(),
                    BulkMapper.recipientStatus(r.getStatus()),
                    Protos.paging(
                            r.hasPage() ? r.getPage() : null,
                            r.hasLimit() ? r.getLimit() : null,
                            PageSize.BULK_RECIPIENTS));
            return ListBulkRecipientsResponse.newBuilder()
                    .addAllRecipients(
                            page.items().stream().map(BulkMapper::toProto).toList())
                    .setTotal(page.total())
                    .setPage(page.page())
                    .setPages(page.pages())
                    .build();
        });
    }
}
