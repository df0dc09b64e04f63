package io.tbridge.tools.deploy;

import io.tbridge.contracts.Bridge;
import io.tbridge.core.Address;
import io.tbridge.tools.deploy.DeployPlan.RoutePlan;
import io.tbridge.tools.deploy.DeployPlan.TokenPlan;
import io.tbridge.tools.deploy.DeployPlan.TrustPlan;
import io.tbridge.tools.deploy.Deployer.Resolved;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Every bridge setting the plan asks for, each read back through the Bridge's views: applied only
 * when the read-back differs, and all read again at the end. Settings the contract cannot enumerate
 * (extra routes, trusted sources or guardians that the plan does not name) are left as they are.
 */
final class BridgeSettings {

  /** One setting: what the chain says, what the plan wants, and the call that makes it so. */
  private record Setting(
      ChainClient chain, String what, Supplier<String> read, String want, Runnable apply) {}

  private static final BigInteger CAP_RESOLUTION = BigInteger.ONE.shiftLeft(31);

  private final List<Setting> settings = new ArrayList<>();
  private final Map<String, Address> bridges = new HashMap<>();
  private final Set<String> adminChecked = new HashSet<>();
  private final PrintWriter log;

  BridgeSettings(
      DeployPlan plan,
      Map<String, Resolved> resolved,
      Map<String, ChainClient> clients,
      PrintWriter log,
      Clock clock,
      Duration maxTimelockWait) {
    this.log = log;
    for (Resolved r : resolved.values()) {
      bridges.put(r.chain.name(), r.bridge);
      ChainClient c = clients.get(r.chain.name());
      Bridge b = c.bridge(r.bridge);
      for (TokenPlan t : r.chain.tokens().values()) {
        tokenSettings(c, b, t, r.tokens.get(t.symbol()), r.decimals.get(t.symbol()));
      }
      bridgeSettings(plan, r, c, b, clock, maxTimelockWait);
    }
    for (RoutePlan rt : plan.routes()) {
      Resolved src = resolved.get(rt.from().chain());
      Resolved dst = resolved.get(rt.to().chain());
      ChainClient c = clients.get(src.chain.name());
      Bridge b = c.bridge(src.bridge);
      String token = src.tokens.get(rt.from().symbol()).toLowerHex();
      BigInteger dstId = dst.chain.chainId().toBigInteger();
      Address dstToken = dst.tokens.get(rt.to().symbol());
      int dstDecimals = dst.decimals.get(rt.to().symbol());
      add(
          c,
          "route " + rt.from().symbol() + " -> " + rt.to(),
          () -> {
            var v = c.view("route()", b.route(token, dstId));
            return Address.of(v.component1()) + " decimals " + v.component4();
          },
          dstToken + " decimals " + dstDecimals,
          () ->
              c.send(
                  "setRoute " + rt.from().symbol() + " -> " + rt.to(),
                  b.setRoute(
                      token, dstId, dstToken.toLowerHex(), BigInteger.valueOf(dstDecimals))));
    }
    for (TrustPlan t : plan.trustedSources()) {
      Resolved on = resolved.get(t.chain());
      Resolved src = resolved.get(t.trusts());
      ChainClient c = clients.get(on.chain.name());
      Bridge b = c.bridge(on.bridge);
      BigInteger srcId = src.chain.chainId().toBigInteger();
      String srcBridge = src.bridge.toLowerHex();
      add(
          c,
          "trusted source " + t.trusts() + " bridge " + src.bridge,
          () -> String.valueOf(c.view("isTrustedSource()", b.isTrustedSource(srcId, srcBridge))),
          "true",
          () ->
              c.send(
                  "setTrustedSource " + t.trusts() + " " + src.bridge,
                  b.setTrustedSource(srcId, srcBridge, true)));
    }
  }

  private void tokenSettings(ChainClient c, Bridge b, TokenPlan t, Address token, int decimals) {
    String a = token.toLowerHex();
    String sym = t.symbol();
    Supplier<String> config =
        () -> {
          var v = c.view("tokenConfig()", b.tokenConfig(a));
          return "mode " + v.component1() + " decimals " + v.component3();
        };
    add(
        c,
        "token " + sym + " mode and decimals",
        config,
        "mode " + t.mode() + " decimals " + decimals,
        () -> {
          String now = config.get();
          if (!now.equals("mode 0 decimals 0")) {
            throw c.fail(
                "token "
                    + sym
                    + " is configured as "
                    + now
                    + " on the bridge; mode and "
                    + "decimals never change, so the plan must match (or name another token)");
          }
          c.send(
              "configureToken " + sym,
              b.configureToken(a, BigInteger.valueOf(t.mode()), BigInteger.valueOf(decimals)));
        });
    add(
        c,
        "token " + sym + " lock allowed",
        () -> String.valueOf(c.view("tokenConfig()", b.tokenConfig(a)).component2()),
        String.valueOf(t.lockAllowed()),
        () ->
            c.send(
                "setTokenAllowed " + sym + " " + t.lockAllowed(),
                b.setTokenAllowed(a, t.lockAllowed())));
    add(
        c,
        "token " + sym + " caps",
        () -> {
          var v = c.view("tokenConfig()", b.tokenConfig(a));
          return "per transfer " + v.component4() + " daily " + v.component5();
        },
        "per transfer " + t.maxPerTransfer() + " daily " + effectiveDailyCap(t.dailyCap()),
        () -> c.send("setTokenCaps " + sym, b.setTokenCaps(a, t.maxPerTransfer(), t.dailyCap())));
  }

  private void bridgeSettings(
      DeployPlan plan, Resolved r, ChainClient c, Bridge b, Clock clock, Duration maxWait) {
    Address me = c.deployer();
    int fee = r.chain.bridge().feeBps();
    add(
        c,
        "fee",
        () -> c.view("feeBps()", b.feeBps()).toString(),
        String.valueOf(fee),
        () -> c.send("setFee " + fee, b.setFee(BigInteger.valueOf(fee))));
    Address treasury = r.chain.bridge().treasury().orElse(me);
    add(
        c,
        "treasury",
        () -> Address.of(c.view("treasury()", b.treasury())).toString(),
        treasury.toString(),
        () -> c.send("setTreasury " + treasury, b.setTreasury(treasury.toLowerHex())));
    Address guardian = r.chain.bridge().guardian().orElse(me);
    byte[] role = c.view("GUARDIAN_ROLE()", b.GUARDIAN_ROLE());
    add(
        c,
        "guardian " + guardian,
        () -> String.valueOf(c.view("hasRole()", b.hasRole(role, guardian.toLowerHex()))),
        "true",
        () ->
            c.send(
                "grantRole GUARDIAN_ROLE " + guardian, b.grantRole(role, guardian.toLowerHex())));
    Address signer = plan.groupSigner();
    add(
        c,
        "group signer",
        () -> Address.of(c.view("groupSigner()", b.groupSigner())).toString(),
        signer.toString(),
        () -> new SignerRotation(c, b, signer, clock, maxWait, log).run());
  }

  /** The daily cap as the contract stores it: rounded down to whole quanta of ceil(cap / 2^31). */
  static BigInteger effectiveDailyCap(BigInteger dailyCap) {
    BigInteger q = dailyCap.add(CAP_RESOLUTION).subtract(BigInteger.ONE).divide(CAP_RESOLUTION);
    if (q.signum() == 0) {
      q = BigInteger.ONE;
    }
    return dailyCap.divide(q).multiply(q);
  }

  private void add(ChainClient c, String what, Supplier<String> read, String want, Runnable apply) {
    settings.add(new Setting(c, what, read, want, apply));
  }

  /** Sends the calls whose read-back differs from the plan. */
  void apply() {
    int sent = 0;
    for (Setting s : settings) {
      if (!s.read().get().equals(s.want())) {
        requireAdmin(s.chain());
        s.apply().run();
        sent++;
      }
    }
    log.printf("%d of %d settings needed a call%n", sent, settings.size());
    log.flush();
  }

  /** Before the first call on a chain: the deployer must hold the bridge's admin role. */
  private void requireAdmin(ChainClient c) {
    if (!adminChecked.add(c.name())) {
      return;
    }
    Address bridge = bridges.get(c.name());
    Bridge b = c.bridge(bridge);
    byte[] adminRole = new byte[32]; // DEFAULT_ADMIN_ROLE is 0x00
    if (!c.view("hasRole()", b.hasRole(adminRole, c.deployer().toLowerHex()))) {
      throw c.fail(
          "the deployer "
              + c.deployer()
              + " is not the admin of bridge "
              + bridge
              + ", and the bridge differs from the plan; use the admin's key file");
    }
  }

  /** Reads every setting again; fails naming each one that differs. Returns how many were read. */
  int verify() {
    List<String> wrong = new ArrayList<>();
    for (Setting s : settings) {
      String now = s.read().get();
      if (!now.equals(s.want())) {
        wrong.add(
            s.chain().name() + " " + s.what() + ": is " + now + ", the plan wants " + s.want());
      }
    }
    if (!wrong.isEmpty()) {
      throw new DeployException("read-back differs from the plan: " + String.join("; ", wrong));
    }
    return settings.size();
  }
}
