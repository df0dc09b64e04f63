package io.tbridge.tss.zk;

import io.tbridge.tss.math.BigInts;
import io.tbridge.tss.math.Jacobi;
import io.tbridge.tss.protocol.SessionId;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * A Π-mod prover that knows the full factorisation of any square-free N (any number of primes, each
 * ≡ 3 mod 4 or ≡ 5 mod 8) and answers every challenge it can answer correctly: a fourth root of
 * whichever of ±y, ±w·y has one, and an N-th root of y. Where no candidate has a fourth root it
 * sends x = 1. On a genuine Blum modulus it produces valid proofs (tested), so its failure on other
 * moduli shows the verifier rejects the modulus, not a badly written forgery.
 */
final class CheatingPiModProver {
  private final List<BigInteger> primes;
  private final BigInteger n;

  /** Records how many repetitions had no answer, for the tests' sanity checks. */
  int unanswerable;

  CheatingPiModProver(List<BigInteger> primes) {
    this.primes = List.copyOf(primes);
    this.n = primes.stream().reduce(BigInteger.ONE, BigInteger::multiply);
  }

  BigInteger modulus() {
    return n;
  }

  PiMod prove(SessionId sid, int prover, byte[] context, int m, SecureRandom random) {
    BigInteger w;
    do {
      w = BigInts.randomUnit(n, random);
    } while (Jacobi.symbol(w, n) != -1);
    List<BigInteger> ys = PiMod.challenges(sid, prover, context, n, w, m);
    List<PiMod.Repetition> reps = new ArrayList<>();
    unanswerable = 0;
    for (BigInteger y : ys) {
      PiMod.Repetition answer = null;
      for (int flags = 0; flags < 4 && answer == null; flags++) {
        boolean a = (flags & 1) != 0;
        boolean b = (flags & 2) != 0;
        BigInteger target = y;
        if (a) {
          target = target.negate();
        }
        if (b) {
          target = target.multiply(w);
        }
        target = target.mod(n);
        BigInteger x = fourthRoot(target);
        if (x != null) {
          answer = new PiMod.Repetition(x, a, b, nthRoot(y));
        }
      }
      if (answer == null) {
        unanswerable++;
        answer = new PiMod.Repetition(BigInteger.ONE, false, false, nthRoot(y));
      }
      reps.add(answer);
    }
    return new PiMod(w, reps);
  }

  private BigInteger fourthRoot(BigInteger a) {
    List<BigInteger> residues = new ArrayList<>();
    for (BigInteger r : primes) {
      BigInteger ar = a.mod(r);
      BigInteger x;
      BigInteger rm1 = r.subtract(BigInteger.ONE);
      if (r.testBit(1)) { // r ≡ 3 (mod 4): ((r+1)/4)² gives the fourth root of a square
        BigInteger e = r.add(BigInteger.ONE).shiftRight(2);
        x = ar.modPow(e.multiply(e).mod(rm1), r);
      } else { // r ≡ 5 (mod 8): fourth powers form the odd-order subgroup of index 4
        BigInteger h = rm1.shiftRight(2);
        x = ar.modPow(BigInteger.valueOf(4).modInverse(h), r);
      }
      if (!x.modPow(BigInteger.valueOf(4), r).equals(ar)) {
        return null;
      }
      residues.add(x);
    }
    return crt(residues);
  }

  private BigInteger nthRoot(BigInteger y) {
    List<BigInteger> residues = new ArrayList<>();
    for (BigInteger r : primes) {
      BigInteger rm1 = r.subtract(BigInteger.ONE);
      residues.add(y.mod(r).modPow(n.mod(rm1).modInverse(rm1), r));
    }
    return crt(residues);
  }

  private BigInteger crt(List<BigInteger> residues) {
    BigInteger x = BigInteger.ZERO;
    for (int i = 0; i < primes.size(); i++) {
      BigInteger r = primes.get(i);
      BigInteger rest = n.divide(r);
      x = x.add(residues.get(i).multiply(rest).multiply(rest.modInverse(r)));
    }
    return x.mod(n);
  }
}
