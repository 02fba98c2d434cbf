package cloud.wapiconnect;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The house rules that the compiler does not check, read from the server's compiled classes (STYLE.md, rules 2,
 * 6 and 13): no package cycles, nothing depends on a facade, and the domain packages import no transport or
 * persistence framework outside the places listed below, each with its reason.
 */
class ArchitectureTest {
    /** The facades: they may depend on everything, nothing may depend on them. */
    private static final String[] FACADES = {
        "cloud.wapiconnect.rest..", // the REST API (JAX-RS)
        "cloud.wapiconnect.grpc..", // the gRPC API
        "cloud.wapiconnect.portal..", // the web portal's pages
        "cloud.wapiconnect.lifecycle..", // start-up and shutdown: wires the rest together
        "cloud.wapiconnect.health..", // MicroProfile health checks, read over HTTP
    };

    /**
     * Dependencies the cycle check passes over for now, each with why. Remove a row when its work is merged:
     * the check then guards it too.
     */
    private static final List<Ignored> CYCLE_EXCEPTIONS = List.of();

    /** Domain classes that may use JPA or Hibernate, each with why. */
    private static final List<Allowed> JPA_ALLOWED = List.of(
            new Allowed(
                    nameMatching("cloud\\.wapiconnect\\.persistence\\..*"),
                    "persistence/ is the shared machinery: transactions, entity manager, data source, migrations"),
            new Allowed(
                    topLevelNameEndingWith("Repository"),
                    "a domain package's repository reads and writes that package's tables"),
            new Allowed(
                    topLevelNameEndingWith("Entity"), "a domain package's JPA entities, private to its repository"));

    /** Domain classes that may use gRPC and protobuf, each with why. */
    private static final List<Allowed> GRPC_ALLOWED = List.of(new Allowed(
            nameMatching("cloud\\.wapiconnect\\.engine\\.whatsapp\\..*"),
            "the WhatsApp Web engine talks gRPC to its Node bridge process (bridge.proto)"));

    private static JavaClasses classes;

    @BeforeAll
    static void importServerClasses() throws URISyntaxException {
        // The server's own classes only: not the tests, not the proto or client modules on the class path.
        Location server = Location.of(
                Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        classes = new ClassFileImporter().importLocations(Set.of(server));
        assertTrue(classes.size() > 200, "read only " + classes.size() + " classes from " + server);
    }

    @Test
    void packagesFormNoCycle() {
        var rule = slices().matching("cloud.wapiconnect.(*)..")
                .namingSlices("$1")
                .should()
                .beFreeOfCycles();
        for (Ignored ignored : CYCLE_EXCEPTIONS) {
            rule = rule.ignoreDependency(nameMatching(ignored.origin()), nameMatching(ignored.target()));
        }
        rule.check(classes);
    }

    @Test
    void nothingDependsOnAFacade() {
        noClasses()
                .that(domain())
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(FACADES)
                .because("facades (REST, gRPC, portal, lifecycle, health) call the domain, never the other way")
                .check(classes);
    }

    @Test
    void domainImportsNoJaxRs() {
        noClasses()
                .that(domain())
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("jakarta.ws.rs..")
                .because("HTTP shapes belong to the rest and portal facades")
                .check(classes);
    }

    @Test
    void domainImportsNoGrpcOrProtobufOutsideItsPlaces() {
        noClasses()
                .that(domain())
                .and(notAnyOf(GRPC_ALLOWED))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.grpc..", "com.google.protobuf..", "cloud.wapiconnect.v1..", "cloud.wapiconnect.bridge.v1..")
                .because("protos and their mapping belong to the grpc facade (and the bridge to its engine)")
                .check(classes);
    }

    @Test
    void domainImportsNoJpaOrHibernateOutsideItsPlaces() {
        noClasses()
                .that(domain())
                .and(notAnyOf(JPA_ALLOWED))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("jakarta.persistence..", "org.hibernate..")
                .because("services see records; only a package's repository and entities see the database's framework")
                .check(classes);
    }

    /** Every package of the server below cloud.wapiconnect but the facades. */
    private static DescribedPredicate<JavaClass> domain() {
        return describe(
                "are in a domain package",
                c -> c.getPackageName().startsWith("cloud.wapiconnect.")
                        && !c.getPackageName().startsWith("cloud.wapiconnect.v1")
                        && !c.getPackageName().startsWith("cloud.wapiconnect.bridge.v1")
                        && !JavaClass.Predicates.resideInAnyPackage(FACADES).test(c));
    }

    private static DescribedPredicate<JavaClass> notAnyOf(List<Allowed> allowed) {
        return describe(
                "are none of "
                        + allowed.stream().map(a -> a.which().getDescription()).toList(),
                c -> allowed.stream().noneMatch(a -> a.which().test(c)));
    }

    /** The class, or the top-level class it is nested in, is named {@code *suffix}. */
    private static DescribedPredicate<JavaClass> topLevelNameEndingWith(String suffix) {
        return describe("top-level name ends with '" + suffix + "'", c -> {
            String name = c.getName();
            int nested = name.indexOf('$');
            return (nested < 0 ? name : name.substring(0, nested)).endsWith(suffix);
        });
    }

    private record Allowed(DescribedPredicate<? super JavaClass> which, String reason) {}

    private record Ignored(String origin, String target, String reason) {}
}
