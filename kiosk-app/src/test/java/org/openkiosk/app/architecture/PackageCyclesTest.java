package org.openkiosk.app.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * No import circles between the kiosk's packages: each package can be read, tested and changed knowing only the ones
 * below it. A circle is broken by moving a type down or by a small interface in the package that needs it.
 */
@AnalyzeClasses(packages = "org.openkiosk.app", importOptions = LayeringTest.NoTestCode.class)
class PackageCyclesTest {
    @ArchTest
    static final ArchRule kioskPackagesAreFreeOfCycles = slices().matching("org.openkiosk.app.(*)..")
            .should().beFreeOfCycles();

    /**
     * The slices above leave out {@code org.openkiosk.app} itself: it holds only facts every package may use (the
     * version, the exemption annotation), so it must not lean on any of them, or it would close a circle unseen.
     */
    @ArchTest
    static final ArchRule topPackageHoldsOnlySharedFacts = noClasses().that().resideInAPackage("org.openkiosk.app")
            .should().dependOnClassesThat(DescribedPredicate.describe("reside in a package of org.openkiosk.app",
                    (JavaClass c) -> c.getPackageName().startsWith("org.openkiosk.app.")));
}
