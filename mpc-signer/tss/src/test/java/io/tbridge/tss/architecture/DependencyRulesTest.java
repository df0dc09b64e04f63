package io.tbridge.tss.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The threshold-ECDSA library depends on the JDK and Bouncy Castle only: no framework, no logging
 * library, no other tbridge module, so it can be audited on its own and used by any transport.
 */
class DependencyRulesTest {
  private static final JavaClasses PRODUCTION =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.tbridge.tss");

  @Test
  void productionCodeShouldDependOnlyOnTheJdkAndBouncyCastle() {
    ArchRule rule =
        classes()
            .that()
            .resideInAPackage("io.tbridge.tss..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "javax..", "org.bouncycastle..", "io.tbridge.tss..")
            .because("the tss library may use only the JDK and Bouncy Castle");
    rule.check(PRODUCTION);
  }

  @Test
  void theRuleShouldSeeTheLibrary() {
    // Guards against the rule passing vacuously because nothing was imported.
    org.assertj.core.api.Assertions.assertThat(PRODUCTION.size()).isGreaterThan(20);
    org.assertj.core.api.Assertions.assertThat(
            PRODUCTION.contain("io.tbridge.tss.keygen.KeygenSession"))
        .isTrue();
  }
}
