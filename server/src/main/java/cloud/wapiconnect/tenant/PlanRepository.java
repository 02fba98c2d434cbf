package cloud.wapiconnect.tenant;

import cloud.wapiconnect.persistence.SharedEntityManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
@Transactional
class PlanRepository {
    private final EntityManager em;

    @Inject
    PlanRepository(SharedEntityManager shared) {
        this.em = shared.get();
    }

    public Optional<Plan> find(String planId) {
        return Optional.ofNullable(em.find(PlanEntity.class, planId)).map(PlanRepository::toPlan);
    }

    public List<Plan> list() {
        return em.createQuery("select p from PlanEntity p order by p.maxSessions, p.id", PlanEntity.class)
                .getResultStream()
                .map(PlanRepository::toPlan)
                .toList();
    }

    public Plan save(Plan plan) {
        PlanEntity e = em.find(PlanEntity.class, plan.id());
        boolean isNew = e == null;
        if (isNew) {
            e = new PlanEntity();
            e.id = plan.id();
        }
        e.name = plan.name();
        e.maxSessions = plan.maxSessions();
        e.dailyMessageLimit = plan.dailyMessageLimit();
        e.maxBulkJobs = plan.maxBulkJobs();
        e.maxBulkRecipients = plan.maxBulkRecipients();
        e.maxBulkSendsPerSecond = plan.maxBulkSendsPerSecond();
        if (isNew) {
            em.persist(e);
        }
        return toPlan(e);
    }

    private static Plan toPlan(PlanEntity e) {
        return new Plan(
                e.id,
                e.name,
                e.maxSessions,
                e.dailyMessageLimit,
                e.maxBulkJobs,
                e.maxBulkRecipients,
                e.maxBulkSendsPerSecond);
    }
}
