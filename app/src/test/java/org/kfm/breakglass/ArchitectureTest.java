package org.kfm.breakglass;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.GeneralCodingRules.ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kfm.breakglass.session.BreakGlassSession;
import org.kfm.breakglass.session.PrivilegedAction;
import org.kfm.breakglass.session.SessionGateway;
import org.kfm.breakglass.sql.DatabaseLink;

/**
 * The package arrows, held as tests rather than wishes (STYLE.md principle 1). {@link #everyPackageImportsOnlyWhatItsRowAllows}
 * is the table in docs/architecture.md ("Packages"), row for row: a change to one is a change to the other, in the
 * same commit. The product's classes are the app's and the testkit's (the demo ships the testkit), never tests.
 */
class ArchitectureTest {
    private static final String APP = "org.kfm.breakglass";
    private static JavaClasses product;

    @BeforeAll
    static void importProductClasses() {
        product = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(APP);
    }

    /** docs/architecture.md, "Packages": one layer a row, and what each row may import of the others. */
    @Test
    void everyPackageImportsOnlyWhatItsRowAllows() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .ensureAllClassesAreContainedInArchitecture()
                .layer("root")
                .definedBy(APP)
                .layer("audit")
                .definedBy(APP + ".audit")
                .layer("text")
                .definedBy(APP + ".text")
                .layer("check")
                .definedBy(APP + ".check")
                .layer("kube")
                .definedBy(APP + ".kube")
                .layer("kube.posture")
                .definedBy(APP + ".kube.posture")
                .optionalLayer("kube.target")
                .definedBy(APP + ".kube.target")
                .layer("sql")
                .definedBy(APP + ".sql")
                .layer("sql.lexer")
                .definedBy(APP + ".sql.lexer")
                .layer("spatial")
                .definedBy(APP + ".spatial")
                .layer("session")
                .definedBy(APP + ".session")
                .layer("cli")
                .definedBy(APP + ".cli")
                .layer("ui.port")
                .definedBy(APP + ".ui.port")
                .layer("ui")
                .definedBy(
                        resideInAPackage(APP + ".ui..").and(DescribedPredicate.not(resideInAPackage(APP + ".ui.port"))))
                .layer("desktop")
                .definedBy(APP + ".desktop")
                .layer("demo")
                .definedBy(APP + ".demo")
                .optionalLayer("endpoint")
                .definedBy(APP + ".endpoint..")
                .optionalLayer("evidence")
                .definedBy(APP + ".evidence..")
                .layer("testkit")
                .definedBy(APP + ".testkit..")
                .whereLayer("root")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("root")
                .mayOnlyAccessLayers("cli", "demo", "desktop", "session", "text", "ui", "ui.port")
                .whereLayer("audit")
                .mayOnlyAccessLayers("text")
                .whereLayer("text")
                .mayNotAccessAnyLayer()
                .whereLayer("check")
                .mayNotAccessAnyLayer()
                // kube → kube.posture is TargetPostureProbe, which belongs in kube.posture: the one cycle left
                // (packagesHaveNoCycles names it), for the kube work to move.
                .whereLayer("kube")
                .mayOnlyAccessLayers("check", "text", "kube.posture", "kube.target")
                .whereLayer("kube.posture")
                .mayOnlyAccessLayers("kube", "check")
                .whereLayer("kube.target")
                .mayOnlyAccessLayers("kube", "check", "text")
                .whereLayer("sql")
                .mayOnlyAccessLayers("sql.lexer", "spatial", "text")
                .whereLayer("sql.lexer")
                .mayNotAccessAnyLayer()
                .whereLayer("spatial")
                .mayNotAccessAnyLayer()
                .whereLayer("session")
                .mayOnlyAccessLayers(
                        "audit", "check", "kube", "kube.posture", "kube.target", "sql", "sql.lexer", "spatial", "text")
                .whereLayer("cli")
                .mayOnlyAccessLayers("session", "check", "text", "evidence", "endpoint")
                .whereLayer("ui.port")
                .mayOnlyAccessLayers("session", "check")
                .whereLayer("ui")
                .mayOnlyAccessLayers("ui.port", "session", "check", "text", "spatial")
                // The console serves a session's endpoint and writes its evidence pack as the CLI does.
                .whereLayer("desktop")
                .mayOnlyAccessLayers("session", "ui.port", "check", "endpoint", "evidence")
                .whereLayer("demo")
                .mayOnlyAccessLayers("session", "testkit")
                .whereLayer("endpoint")
                .mayOnlyAccessLayers("session")
                .whereLayer("evidence")
                .mayOnlyAccessLayers("audit", "session", "text")
                .whereLayer("testkit")
                .mayOnlyBeAccessedByLayers("demo")
                .check(product);
    }

    @Test
    void onlyKubeTalksToFabric8() {
        noClasses()
                .that()
                .resideOutsideOfPackages(APP + ".kube..", APP + ".testkit..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.fabric8..")
                .check(product);
    }

    @Test
    void onlySqlTalksToJdbc() {
        noClasses()
                .that()
                .resideOutsideOfPackages(APP + ".sql..", APP + ".testkit..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("java.sql..", "javax.sql..", "org.postgresql..")
                .check(product);
    }

    @Test
    void onlySpatialTalksToJts() {
        noClasses()
                .that()
                .resideOutsideOfPackage(APP + ".spatial..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.locationtech..")
                .check(product);
    }

    @Test
    void onlyUiTouchesTheSceneGraph() {
        noClasses()
                .that()
                .resideOutsideOfPackage(APP + ".ui..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("javafx.scene..", "org.fxmisc..", "atlantafx..")
                .check(product);
    }

    @Test
    void viewModelsAreToolkitFree() {
        noClasses()
                .that()
                .haveSimpleNameEndingWith("ViewModel")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("javafx.scene..", "org.fxmisc..")
                .check(product);
    }

    /** The port is what the engine implements without JavaFX: toolkit-free, and it knows no infrastructure. */
    @Test
    void thePortIsToolkitFree() {
        noClasses()
                .that()
                .resideInAPackage(APP + ".ui.port..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("javafx..", "java.sql..", "io.fabric8..", "org.postgresql..", "org.locationtech..")
                .check(product);
    }

    /** The audit trail can be reviewed on its own: the JDK, Jackson, SLF4J and the JDK-only {@code text}. */
    @Test
    void auditDependsOnlyOnTheJdkJacksonAndSlf4j() {
        classes()
                .that()
                .resideInAPackage(APP + ".audit..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(
                        APP + ".audit..",
                        APP + ".text..",
                        "java..",
                        "javax.net..",
                        "javax.crypto..",
                        "tools.jackson..",
                        "com.fasterxml.jackson.annotation..",
                        "org.slf4j..")
                .check(product);
    }

    /**
     * Evidence (reconciliation, the pack, reviews) works from journals and logs it is given: it may read the audit
     * package and, once wired, the session; never the cluster or the database directly (issue 12, ADR 0014).
     */
    @Test
    void evidenceWorksFromJournalsAndLogsOnly() {
        classes()
                .that()
                .resideInAPackage("org.kfm.breakglass.evidence..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(
                        "org.kfm.breakglass.evidence..",
                        "org.kfm.breakglass.audit..",
                        "org.kfm.breakglass.session..",
                        "org.kfm.breakglass.text..",
                        "java..",
                        "tools.jackson..",
                        "org.slf4j..")
                .check(product);
    }

    @Test
    void textDependsOnTheJdkOnly() {
        classes()
                .that()
                .resideInAPackage(APP + ".text..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(APP + ".text..", "java..")
                .check(product);
    }

    @Test
    void logbackIsConfiguredOnlyAtTheRoot() {
        noClasses()
                .that()
                .resideOutsideOfPackage(APP)
                .should()
                .dependOnClassesThat()
                .resideInAPackage("ch.qos.logback..")
                .check(product);
    }

    /** Only the CLI prints; the root's launchers print through it (cli.StandardStreams). */
    @Test
    void onlyTheCliTouchesTheStandardStreams() {
        noClasses()
                .that()
                .resideOutsideOfPackages(APP + ".cli..", APP + ".testkit..")
                .should(ACCESS_STANDARD_STREAMS)
                .check(product);
    }

    /** So the audit cannot be bypassed: the operator's front ends see the engine only as the session. */
    @Test
    void uiAndCliReachPrivilegedWorkOnlyThroughTheSession() {
        noClasses()
                .that()
                .resideInAnyPackage(APP + ".ui..", APP + ".cli..", APP + ".desktop..", APP + ".endpoint..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(APP + ".audit..", APP + ".kube..", APP + ".sql..")
                .check(product);
    }

    /** The views reach the engine through ui.port only; the desktop adapter is what holds a session. */
    @Test
    void theViewsHoldNoSession() {
        noClasses()
                .that()
                .resideInAPackage(APP + ".ui..")
                .should()
                .dependOnClassesThat(describe(
                        "a session, its gateway or its actions",
                        (JavaClass c) -> c.isAssignableTo(BreakGlassSession.class)
                                || c.isAssignableTo(SessionGateway.class)
                                || c.isAssignableTo(PrivilegedAction.class)))
                .check(product);
    }

    /** Nothing sends SQL but the executor of the session's actions, after their records are durable. */
    @Test
    void onlyTheActionExecutorSendsSql() {
        Set<String> sending = Set.of("execute", "explain", "commit", "rollback");
        noClasses()
                .that(DescribedPredicate.not(simpleName("ActionExecutor").or(assignableTo(DatabaseLink.class))))
                .should()
                .callMethodWhere(describe(
                        "DatabaseLink.execute/explain/commit/rollback",
                        (JavaMethodCall call) -> call.getTargetOwner().isAssignableTo(DatabaseLink.class)
                                && sending.contains(call.getName())))
                .check(product);
    }

    @Test
    void noPackageCycles() {
        slices().matching(APP + ".(**)")
                .should()
                .beFreeOfCycles()
                // Known, for the kube work: TargetPostureProbe (kube) belongs in kube.posture.
                .ignoreDependency(
                        simpleName("TargetPostureProbe").and(resideInAPackage(APP + ".kube")),
                        resideInAPackage(APP + ".kube.posture"))
                // kube.target is inside kube (docs/architecture.md, "Packages"): the target resolvers use kube's
                // values (TargetRef, ResolvedPod, ClusterAccess) and kube's facade (TargetResolver) hands their
                // result on, so the two are one component (its row in the layers above still bounds kube.target).
                .ignoreDependency(resideInAPackage(APP + ".kube"), resideInAPackage(APP + ".kube.target"))
                .ignoreDependency(resideInAPackage(APP + ".kube.target"), resideInAPackage(APP + ".kube"))
                .check(product);
    }
}
