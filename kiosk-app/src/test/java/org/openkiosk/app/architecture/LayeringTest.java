package org.openkiosk.app.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.openkiosk.app.ArchitectureExemption;

/** The project's layering (devices below flows below the UI; the centre apart), held for every module on the kiosk's classpath. */
@AnalyzeClasses(packages = "org.openkiosk", importOptions = LayeringTest.NoTestCode.class)
class LayeringTest {
    /**
     * Production code only: test classes of this module (test-classes folders) and those other modules
     * publish as test-jars (print-templates' CUPS queue extension) are left out.
     */
    static final class NoTestCode implements ImportOption {
        private final ImportOption tests = new ImportOption.DoNotIncludeTests();

        @Override
        public boolean includes(com.tngtech.archunit.core.importer.Location location) {
            return tests.includes(location) && !location.contains("-tests.jar");
        }
    }

    private static final DescribedPredicate<JavaClass> EXEMPT =
            DescribedPredicate.describe("exempt", c -> c.isAnnotatedWith(ArchitectureExemption.class));

    @ArchTest
    static final ArchRule driversKnowNothingAboveThem = noClasses().that().resideInAPackage("org.openkiosk.device..")
            .should().dependOnClassesThat().resideInAnyPackage("org.openkiosk.app..", "org.openkiosk.centre..",
                    "org.openkiosk.print..", "org.openkiosk.sync..", "javafx..");

    @ArchTest
    static final ArchRule centreIsIndependentOfTheKiosk = noClasses().that().resideInAPackage("org.openkiosk.centre..")
            .should().dependOnClassesThat().resideInAnyPackage("org.openkiosk.app..", "org.openkiosk.device..", "javafx..");

    @ArchTest
    static final ArchRule syncProtocolIsWireObjectsOnly = noClasses().that().resideInAPackage("org.openkiosk.sync.api..")
            .should().dependOnClassesThat().resideInAnyPackage("org.openkiosk.app..", "org.openkiosk.centre..",
                    "org.openkiosk.device..", "org.openkiosk.print..");

    @ArchTest
    static final ArchRule viewModelsNeverTouchDriversOrSql = noClasses().that().resideInAPackage("org.openkiosk.app.ui..")
            .and(DescribedPredicate.not(EXEMPT))
            .should().dependOnClassesThat().resideInAnyPackage("org.openkiosk.device..", "org.openkiosk.app.store..",
                    "org.openkiosk.app.sync..", "org.openkiosk.centre..", "java.sql..", "org.openkiosk.app.demo..");

    @ArchTest
    static final ArchRule flowsAreFreeOfTheUi = noClasses().that().resideInAnyPackage("org.openkiosk.app.flow..",
                    "org.openkiosk.app.catalogue..", "org.openkiosk.app.store..", "org.openkiosk.app.sync..",
                    "org.openkiosk.app.desk..", "org.openkiosk.app.config..")
            .should().dependOnClassesThat().resideInAnyPackage("org.openkiosk.app.ui..", "javafx..", "org.openkiosk.app.cli..");

    @ArchTest
    static final ArchRule flowsDoNotReachIntoStorage = noClasses().that().resideInAPackage("org.openkiosk.app.flow..")
            .should().dependOnClassesThat().resideInAnyPackage("org.openkiosk.app.store..", "org.openkiosk.app.sync..",
                    "java.sql..", "org.openkiosk.centre..");

    @ArchTest
    static final ArchRule onlyTheCompositionRootWiresSimulators = noClasses()
            .that().resideOutsideOfPackages("org.openkiosk.app.demo..", "org.openkiosk.device..")
            .and().doNotHaveFullyQualifiedName("org.openkiosk.app.wiring.KioskRoot")
            .should().dependOnClassesThat().resideInAnyPackage("org.openkiosk.device..sim..");

    @ArchTest
    static final ArchRule noConsoleOutputOutsideTheCommandLine = noClasses()
            .that().resideOutsideOfPackage("org.openkiosk.app.cli..")
            .should().accessField(System.class, "out").orShould().accessField(System.class, "err");
}
