package dev.udpm.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A health check answered from a cached probe must start probing when its application starts. Its bean is
 * application-scoped, so CDI would otherwise create it on the first health request, and that request (the first
 * readiness poll of Kubernetes or of the fault suite) would see DOWN while the first probe runs.
 */
class HealthChecksTest {

    private static final String CACHED_PROBE = "dev.udpm.storage.quarkus.CachedProbe";

    private static JavaClasses mainClasses;

    @BeforeAll
    static void importMainClasses() {
        mainClasses = MainClasses.get();
    }

    @Test
    void everyCheckOnACachedProbeIsCreatedAtStartUp() {
        DescribedPredicate<JavaClass> holdsACachedProbe = new DescribedPredicate<>("hold a CachedProbe field") {
            @Override
            public boolean test(JavaClass type) {
                return type.getFields().stream().anyMatch(field -> field.getRawType().getName().equals(CACHED_PROBE));
            }
        };
        assertFalse(mainClasses.stream().noneMatch(holdsACachedProbe),
                "no class holds a CachedProbe: the rule below would pass on nothing");
        classes().that(holdsACachedProbe).should().beAnnotatedWith("io.quarkus.runtime.Startup")
                .because("an application-scoped bean is created on first use, so without @Startup the probe would"
                        + " start with the first health request and that request would see DOWN")
                .check(mainClasses);
    }
}
