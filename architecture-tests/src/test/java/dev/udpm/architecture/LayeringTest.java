package dev.udpm.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The dependency rules between the modules, checked on the main (not test) classes of every module. The layout
 * and the reasons: docs/architecture.md#modules.
 */
class LayeringTest {

    /** The root package of each module's main classes. */
    private static final List<String> MODULE_PACKAGES = List.of(
            "dev.udpm.schemas", "dev.udpm.storage", "dev.udpm.storage.quarkus", "dev.udpm.core", "dev.udpm.embedded",
            "dev.udpm.testsupport", "dev.udpm.worker", "dev.udpm.trainer", "dev.udpm.webhooks", "dev.udpm.client", "dev.udpm.cli",
            "dev.udpm.fleet", "dev.udpm.bench");

    /** The runnable applications: none of them may use another's classes (shared code goes to a library). */
    private static final List<String> APPS = List.of(
            "dev.udpm.worker", "dev.udpm.trainer", "dev.udpm.webhooks", "dev.udpm.cli", "dev.udpm.fleet",
            "dev.udpm.bench");

    /** Quarkus and the CDI / MicroProfile / SmallRye APIs it is built on. */
    private static final String[] QUARKUS_PACKAGES = {
        "io.quarkus..", "jakarta.enterprise..", "org.eclipse.microprofile..", "io.smallrye.."};

    private static JavaClasses mainClasses;

    @BeforeAll
    static void importMainClasses() {
        mainClasses = MainClasses.get();
    }

    /** Guards the rules below against passing on an empty import (a module renamed or missing from the pom). */
    @Test
    void everyModuleIsImported() {
        for (String pkg : MODULE_PACKAGES) {
            assertTrue(mainClasses.containPackage(pkg),
                    pkg + ": no main classes imported; add the module to architecture-tests/pom.xml");
        }
    }

    @Test
    void libraryModulesUseNoQuarkus() {
        ArchRule rule = noClasses()
                .that().resideInAnyPackage("dev.udpm.core..", "dev.udpm.schemas..", "dev.udpm.embedded..")
                .should().dependOnClassesThat().resideInAnyPackage(QUARKUS_PACKAGES)
                .because("core, schemas and embedded-servers are plain Java libraries, also used outside the"
                        + " Quarkus services (CLI, local fleet launcher, benchmarks)");
        rule.check(mainClasses);
    }

    /**
     * The plain object-store client is used by the CLI and the benchmarks: no CDI, MicroProfile (Health, Config) or
     * Quarkus, so none of it reaches their class path. Its only tie to SmallRye Config is the {@code @ConfigMapping}
     * and {@code @WithDefault} annotations declaring the {@code udpm.storage.*} keys once (a compile-time dependency,
     * not passed on); the producer, the start-up checks and the readiness check are storage-quarkus.
     */
    @Test
    void thePlainStorageClientUsesNoQuarkusWiring() {
        ArchRule rule = noClasses()
                .that().resideInAPackage("dev.udpm.storage")
                .should().dependOnClassesThat(resideInAnyPackage(QUARKUS_PACKAGES)
                        .or(resideInAnyPackage("jakarta.inject..", "jakarta.annotation.."))
                        .and(not(name("io.smallrye.config.ConfigMapping")))
                        .and(not(name("io.smallrye.config.WithDefault"))))
                .because("the CLI and the benchmarks use the storage client without CDI or MicroProfile Health;"
                        + " its Quarkus wiring is storage-quarkus");
        rule.check(mainClasses);
    }

    @Test
    void theClientLibraryUsesNoQuarkusNoPicocliAndNoApp() {
        String[] forbidden = Stream.concat(Stream.of(QUARKUS_PACKAGES),
                Stream.concat(Stream.of("picocli.."), APPS.stream().map(app -> app + ".."))).toArray(String[]::new);
        ArchRule rule = noClasses()
                .that().resideInAPackage("dev.udpm.client..")
                .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                .because("the client library is what a Java program embeds to use the fleet, and what the CLI and the"
                        + " benchmarks share: plain Java on schemas and kafka-clients, no framework, no command line");
        rule.check(mainClasses);
    }

    /**
     * One logging API per kind of module: the Quarkus services log through JBoss Logging (Quarkus' own), the plain
     * libraries and tools through the JDK's {@link System.Logger} (which Quarkus routes to the same log manager when
     * they run inside a service), and nothing through {@code java.util.logging} directly.
     */
    @Test
    void oneLoggingApiPerKindOfModule() {
        noClasses().should().dependOnClassesThat().resideInAPackage("java.util.logging..")
                .because("plain modules log through System.Logger, services through JBoss Logging")
                .check(mainClasses);
        noClasses()
                .that().resideInAnyPackage("dev.udpm.core..", "dev.udpm.schemas..", "dev.udpm.embedded..",
                        "dev.udpm.client..", "dev.udpm.storage", "dev.udpm.cli..", "dev.udpm.fleet..",
                        "dev.udpm.bench..")
                .should().dependOnClassesThat().resideInAPackage("org.jboss.logging..")
                .because("plain libraries and tools log through System.Logger; JBoss Logging is the services' API")
                .check(mainClasses);
    }

    @Test
    void onlyTestsUseTestSupport() {
        ArchRule rule = noClasses()
                .that().resideOutsideOfPackage("dev.udpm.testsupport..")
                .should().dependOnClassesThat().resideInAPackage("dev.udpm.testsupport..")
                .because("test-support is a test-scope module; production code that needs the embedded servers"
                        + " uses embedded-servers");
        rule.check(mainClasses);
    }

    static Stream<String> apps() {
        return APPS.stream();
    }

    @ParameterizedTest
    @MethodSource("apps")
    void appsDoNotUseEachOther(String app) {
        String[] otherApps = APPS.stream().filter(other -> !other.equals(app)).map(other -> other + "..")
                .toArray(String[]::new);
        ArchRule rule = noClasses()
                .that().resideInAPackage(app + "..")
                .should().dependOnClassesThat().resideInAnyPackage(otherApps)
                .because("applications share code through the library modules, never through each other");
        rule.check(mainClasses);
    }
}
