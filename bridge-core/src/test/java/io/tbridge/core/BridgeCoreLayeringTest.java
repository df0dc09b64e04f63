package io.tbridge.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** bridge-core imports no framework: only the JDK, Bouncy Castle, web3j abi/crypto, protobuf. */
@AnalyzeClasses(
    packages = "io.tbridge.core",
    importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class BridgeCoreLayeringTest {

  @ArchTest
  static final ArchRule dependsOnlyOnAllowedLibraries =
      classes()
          .that()
          .resideInAPackage("io.tbridge.core..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(
              "io.tbridge.core..",
              "java..",
              "org.bouncycastle..",
              "org.web3j.abi..",
              "org.web3j.crypto..",
              "org.web3j.utils..",
              "com.google.protobuf..")
          .because("bridge-core is shared by every service and must stay framework-free");

  @ArchTest
  static final ArchRule hasNoPackageCycles =
      slices().matching("io.tbridge.core.(*)..").should().beFreeOfCycles();
}
