package io.tbridge.signer.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The signer node shares chain access with the relayer through the {@code chain} module and never
 * depends on the relayer itself: a signer must not inherit the relayer's trust in what it relays.
 */
class NodeLayeringTest {
  private static final JavaClasses ALL =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
          .importPackages("io.tbridge.signer");

  @Test
  void signerNodeShouldNeverDependOnTheRelayer() {
    noClasses()
        .that()
        .resideInAPackage("io.tbridge.signer..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.tbridge.relayer..")
        .because("the signer re-derives everything from its own chain view")
        .check(ALL);
  }

  @Test
  void theRelayerShouldNotBeOnTheNodesClasspath() {
    assertThat(getClass().getClassLoader().getResource("io/tbridge/relayer/package-info.class"))
        .isNull();
  }

  @Test
  void theRuleShouldSeeTheNode() {
    // Guards against the rule passing vacuously because nothing was imported.
    assertThat(ALL.contain("io.tbridge.signer.architecture.NodeLayeringTest")).isTrue();
  }
}
