package io.tbridge.tss.paillier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class SecurityLevelTest {

  @Test
  void productionShouldUseThePapersParametersAt3072Bits() {
    SecurityLevel p = SecurityLevel.PRODUCTION;
    assertThat(p.paillierBits()).isEqualTo(3072);
    assertThat(p.primeBits()).isEqualTo(1536);
    assertThat(p.ell()).isEqualTo(256);
    assertThat(p.epsilon()).isEqualTo(2 * 256);
    assertThat(p.ellPrime()).isEqualTo(5 * 256);
    assertThat(p.m()).isEqualTo(128);
    assertThat(p.productionAllowed()).isTrue();
    assertThat(p.requireProduction()).isSameAs(p);
  }

  @Test
  void testLevelShouldDifferOnlyInModulusSizeAndBeRefusedInProduction() {
    SecurityLevel t = SecurityLevel.TEST;
    SecurityLevel p = SecurityLevel.PRODUCTION;
    assertThat(t.paillierBits()).isEqualTo(2048);
    assertThat(new int[] {t.ell(), t.ellPrime(), t.epsilon(), t.m()})
        .containsExactly(p.ell(), p.ellPrime(), p.epsilon(), p.m());
    assertThatThrownBy(t::requireProduction)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tests only");
  }

  @Test
  void shouldFindPredefinedLevelsByName() {
    assertThat(SecurityLevel.byName(SecurityLevel.PRODUCTION.name()))
        .contains(SecurityLevel.PRODUCTION);
    assertThat(SecurityLevel.byName(SecurityLevel.TEST.name())).contains(SecurityLevel.TEST);
    assertThat(SecurityLevel.byName("cggmp21-1024")).isEmpty();
  }

  @Test
  void shouldAcceptOnlyModuliOfExactlyTheLevelsSize() {
    SecurityLevel t = SecurityLevel.TEST;
    assertThat(t.acceptsModulusSize(BigInteger.ONE.shiftLeft(2047).add(BigInteger.ONE))).isTrue();
    assertThat(t.acceptsModulusSize(BigInteger.ONE.shiftLeft(2046).add(BigInteger.ONE))).isFalse();
    assertThat(t.acceptsModulusSize(BigInteger.ONE.shiftLeft(2048).add(BigInteger.ONE))).isFalse();
    assertThat(t.acceptsModulusSize(BigInteger.ONE.shiftLeft(2047).negate())).isFalse();
  }

  @Test
  void shouldRejectInconsistentParameters() {
    assertThatThrownBy(() -> new SecurityLevel("small", 1024, 256, 1280, 512, 128, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SecurityLevel("ell", 2048, 128, 1280, 512, 128, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SecurityLevel("wrap", 2048, 256, 1600, 512, 128, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too large");
    assertThatThrownBy(() -> new SecurityLevel("reps", 2048, 256, 1280, 512, 40, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SecurityLevel(" ", 2048, 256, 1280, 512, 128, false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRefuseAnEpsilonWithoutAHidingMarginOverEll() {
    // ε = ℓ + 44: the masks α ← ±2^(ℓ+ε) would hide e·x (up to 2^(2ℓ)) by only 44 bits.
    assertThatThrownBy(() -> new SecurityLevel("eps", 3072, 256, 1280, 300, 128, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ε must be at least ℓ + 128");
  }

  @Test
  void shouldRefuseAnEllPrimeThatCannotHideTheMtaProducts() {
    // ℓ' = 900 < 2ℓ + ε + 128 = 1152: β would not hide k·γ for a k Π-enc only bounds by 2^(ℓ+ε).
    assertThatThrownBy(() -> new SecurityLevel("mta", 3072, 256, 900, 512, 128, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ℓ' must be at least 2ℓ + ε + 128");
  }

  @Test
  void predefinedLevelsShouldMeetTheHidingRelationsWithMargin() {
    for (SecurityLevel l : new SecurityLevel[] {SecurityLevel.PRODUCTION, SecurityLevel.TEST}) {
      assertThat(l.epsilon() - l.ell()).isGreaterThanOrEqualTo(SecurityLevel.HIDING_MARGIN_BITS);
      assertThat(l.ellPrime() - 2 * l.ell() - l.epsilon())
          .isGreaterThanOrEqualTo(SecurityLevel.HIDING_MARGIN_BITS);
    }
  }

  @Test
  void productionFactoryShouldYieldOnlyTheProductionLevel() {
    assertThat(SecurityLevel.production()).isSameAs(SecurityLevel.PRODUCTION);
    assertThat(SecurityLevel.PRODUCTION.minimumThreshold()).isEqualTo(2);
    assertThat(SecurityLevel.TEST.minimumThreshold()).isEqualTo(1);
  }
}
