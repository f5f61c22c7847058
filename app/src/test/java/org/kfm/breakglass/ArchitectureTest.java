package org.kfm.breakglass;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The package arrows of ARCHITECTURE.md, held as tests rather than wishes (STYLE.md principle 1). */
class ArchitectureTest {
    private static JavaClasses product;

    @BeforeAll
    static void importProductClasses() {
        product = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.kfm.breakglass");
    }

    @Test
    void onlyKubeTalksToFabric8() {
        noClasses()
                .that()
                .resideOutsideOfPackages("org.kfm.breakglass.kube..", "org.kfm.breakglass.testkit..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.fabric8..")
                .check(product);
    }

    @Test
    void onlySqlTalksToJdbc() {
        noClasses()
                .that()
                .resideOutsideOfPackages("org.kfm.breakglass.sql..", "org.kfm.breakglass.testkit..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("java.sql..", "javax.sql..", "org.postgresql..")
                .check(product);
    }

    @Test
    void onlySpatialTalksToJts() {
        noClasses()
                .that()
                .resideOutsideOfPackage("org.kfm.breakglass.spatial..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.locationtech..")
                .check(product);
    }

    @Test
    void onlyUiTouchesTheSceneGraph() {
        noClasses()
                .that()
                .resideOutsideOfPackage("org.kfm.breakglass.ui..")
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

    @Test
    void logbackIsConfiguredOnlyAtTheRoot() {
        noClasses()
                .that()
                .resideOutsideOfPackage("org.kfm.breakglass")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("ch.qos.logback..")
                .check(product);
    }

    @Test
    void uiAndCliReachPrivilegedWorkOnlyThroughTheSession() {
        noClasses()
                .that()
                .resideInAnyPackage("org.kfm.breakglass.ui..", "org.kfm.breakglass.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.kfm.breakglass.kube..", "org.kfm.breakglass.sql..")
                .check(product);
    }

    @Test
    void auditDependsOnNothingButTheJdkAndJackson() {
        classes()
                .that()
                .resideInAPackage("org.kfm.breakglass.audit..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(
                        "org.kfm.breakglass.audit..",
                        "org.kfm.breakglass.text..",
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
                .resideInAPackage("org.kfm.breakglass.text..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("org.kfm.breakglass.text..", "java..")
                .check(product);
    }

    @Test
    void engineLayersNeverReachUp() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "org.kfm.breakglass.audit..",
                        "org.kfm.breakglass.kube..",
                        "org.kfm.breakglass.sql..",
                        "org.kfm.breakglass.spatial..",
                        "org.kfm.breakglass.session..",
                        "org.kfm.breakglass.text..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.kfm.breakglass.ui..", "org.kfm.breakglass.cli..", "org.kfm.breakglass.testkit..")
                .check(product);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("org.kfm.breakglass.(*)..").should().beFreeOfCycles().check(product);
    }
}
