package org.kfm.breakglass.audit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The audit package's own arrow (ARCHITECTURE.md): JDK and Jackson only, so it can be reviewed on its own — plus
 * the JDK-only {@code text} package, whose escaping {@code audit show} shares with the CLI.
 */
class AuditPackageRulesTest {

    @Test
    void auditDependsOnlyOnTheJdkAndJackson() {
        var classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.kfm.breakglass.audit");
        classes()
                .that()
                .resideInAPackage("org.kfm.breakglass.audit")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(
                        "org.kfm.breakglass.audit",
                        "org.kfm.breakglass.text",
                        "java..",
                        "javax.net..",
                        "tools.jackson..")
                .check(classes);
    }
}
