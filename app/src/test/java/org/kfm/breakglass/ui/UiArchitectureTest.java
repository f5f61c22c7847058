package org.kfm.breakglass.ui;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The UI's own arrows: toolkit-free view models and a port the engine can implement without JavaFX. */
class UiArchitectureTest {
    private static final JavaClasses UI = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.kfm.breakglass.ui");

    @Test
    void viewModelsImportNoSceneGraph() {
        noClasses()
                .that()
                .haveSimpleNameEndingWith("ViewModel")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("javafx.scene..")
                .check(UI);
    }

    @Test
    void portIsToolkitFreeAndKnowsNoInfrastructure() {
        noClasses()
                .that()
                .resideInAPackage("org.kfm.breakglass.ui.port..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "javafx..",
                        "java.sql..",
                        "io.fabric8..",
                        "org.postgresql..",
                        "org.locationtech..",
                        "org.kfm.breakglass.ui")
                .check(UI);
    }

    @Test
    void uiNeverReachesKubeOrSqlDirectly() {
        noClasses()
                .that()
                .resideInAPackage("org.kfm.breakglass.ui..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.kfm.breakglass.kube..",
                        "org.kfm.breakglass.sql..",
                        "io.fabric8..",
                        "java.sql..",
                        "org.postgresql..")
                .check(UI);
    }
}
