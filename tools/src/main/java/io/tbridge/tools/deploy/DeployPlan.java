package io.tbridge.tools.deploy;

import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A validated deployment plan: which chains, what to deploy or adopt on each, and the admin
 * settings every bridge must end up with. Cross-chain references are checked here (before any RPC
 * call); addresses of contracts still to deploy are resolved later by {@link Deployer}.
 *
 * @param groupSigner the threshold group's address, the signer of releases on every bridge
 * @param chains the chains by name, in plan order
 * @param routes lock-side routes: which token goes where
 * @param trustedSources which bridge accepts releases from which other chain's bridge
 */
public record DeployPlan(
    Address groupSigner,
    Map<String, ChainPlan> chains,
    List<RoutePlan> routes,
    List<TrustPlan> trustedSources) {

  /** Largest per-transfer cap the contract stores (uint104). */
  static final BigInteger MAX_PER_TRANSFER = BigInteger.ONE.shiftLeft(104).subtract(BigInteger.ONE);

  /** Largest daily cap the contract stores (uint120). */
  static final BigInteger MAX_DAILY_CAP = BigInteger.ONE.shiftLeft(120).subtract(BigInteger.ONE);

  /** Copies the collections; checks every reference between them. */
  public DeployPlan {
    chains = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(chains));
    routes = List.copyOf(routes);
    trustedSources = List.copyOf(trustedSources);
    if (chains.isEmpty()) {
      throw new DeployException("plan: chains: at least one chain is required");
    }
    for (int i = 0; i < routes.size(); i++) {
      RoutePlan r = routes.get(i);
      token(chains, r.from(), "routes[" + i + "].from");
      token(chains, r.to(), "routes[" + i + "].to");
      if (r.from().chain().equals(r.to().chain())) {
        throw new DeployException("plan: routes[" + i + "]: a route goes to another chain");
      }
    }
    for (int i = 0; i < trustedSources.size(); i++) {
      TrustPlan t = trustedSources.get(i);
      chain(chains, t.chain(), "trusted-sources[" + i + "].chain");
      chain(chains, t.trusts(), "trusted-sources[" + i + "].trusts");
    }
  }

  /** The chain named {@code name}; the plan has it (checked at construction). */
  public ChainPlan chain(String name) {
    return chain(chains, name, "chain");
  }

  /** The token {@code ref}; the plan has it (checked at construction). */
  public TokenPlan token(TokenRef ref) {
    return token(chains, ref, "token");
  }

  private static ChainPlan chain(Map<String, ChainPlan> chains, String name, String where) {
    ChainPlan c = chains.get(name);
    if (c == null) {
      throw new DeployException("plan: " + where + ": unknown chain '" + name + "'");
    }
    return c;
  }

  private static TokenPlan token(Map<String, ChainPlan> chains, TokenRef ref, String where) {
    TokenPlan t = chain(chains, ref.chain(), where).tokens().get(ref.symbol());
    if (t == null) {
      throw new DeployException("plan: " + where + ": unknown token " + ref);
    }
    return t;
  }

  /**
   * One chain of the plan.
   *
   * @param name the plan's name of the chain (also the name in the output)
   * @param rpcUrl JSON-RPC endpoint used for deploying (printed only as scheme://host:port)
   * @param chainId the EIP-155 id the endpoint must report
   * @param deployerKeyFile file with the deployer's hex private key; the deployer is the admin
   * @param bridge the bridge to deploy or adopt
   * @param tokens the tokens by symbol, in plan order
   */
  public record ChainPlan(
      String name,
      URI rpcUrl,
      ChainId chainId,
      Path deployerKeyFile,
      BridgePlan bridge,
      Map<String, TokenPlan> tokens) {
    /** Copies the token map. */
    public ChainPlan {
      tokens = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tokens));
    }
  }

  /**
   * The bridge of one chain.
   *
   * @param address an existing Bridge to adopt instead of deploying one
   * @param guardian holder of GUARDIAN_ROLE (pause); empty: the deployer
   * @param treasury receiver of lock fees; empty: the deployer
   * @param feeBps lock fee in basis points (0..500)
   * @param timelockDelaySeconds unpause / signer-rotation delay of a bridge to deploy (1 s..30
   *     days)
   */
  public record BridgePlan(
      Optional<Address> address,
      Optional<Address> guardian,
      Optional<Address> treasury,
      int feeBps,
      OptionalInt timelockDelaySeconds) {}

  /** Where a token comes from. */
  public enum Kind {
    /** An existing token at a given address. */
    EXISTING,
    /** Deploy a TestToken (open mint; devnets and tests only). */
    TEST_TOKEN,
    /** Deploy a BridgedToken minted by this chain's bridge. */
    BRIDGED_TOKEN
  }

  /**
   * One token on one chain, and how that chain's bridge holds it.
   *
   * @param symbol the plan's symbol (also the deployed token's ERC-20 symbol)
   * @param kind existing or to deploy
   * @param address the existing token's address (EXISTING only)
   * @param name ERC-20 name of a token to deploy
   * @param decimals decimals: required to deploy; for an existing token checked against decimals()
   * @param mode {@code 1} LOCK_RELEASE or {@code 2} BURN_MINT (the contract's TokenMode)
   * @param lockAllowed whether the bridge's lock accepts the token
   * @param maxPerTransfer per-transfer cap, token units
   * @param dailyCap rolling 24 h release cap, token units
   */
  public record TokenPlan(
      String symbol,
      Kind kind,
      Optional<Address> address,
      String name,
      OptionalInt decimals,
      int mode,
      boolean lockAllowed,
      BigInteger maxPerTransfer,
      BigInteger dailyCap) {}

  /**
   * A lock-side route; the destination decimals are the destination token's own.
   *
   * @param from source token
   * @param to destination token
   */
  public record RoutePlan(TokenRef from, TokenRef to) {}

  /**
   * {@code chain}'s bridge accepts releases signed for deposits made on {@code trusts}' bridge.
   *
   * @param chain the accepting chain
   * @param trusts the source chain
   */
  public record TrustPlan(String chain, String trusts) {}

  /** Reads and validates the plan in {@code file}; every error is one line naming the key. */
  public static DeployPlan read(Path file) {
    PlanYaml.Plan p = PlanYaml.read(file);
    try {
      return from(p);
    } catch (DeployException e) {
      throw new DeployException(e.getMessage().replaceFirst("^plan: ", "plan " + file + ": "));
    }
  }

  static DeployPlan from(PlanYaml.Plan p) {
    Address signer = address(required(p.groupSigner(), "group-signer"), "group-signer");
    if (signer.isZero()) {
      throw new DeployException("plan: group-signer must not be the zero address");
    }
    Map<String, ChainPlan> chains = new LinkedHashMap<>();
    PlanYaml.orEmpty(p.chains()).forEach((name, c) -> chains.put(name, chain(name, c)));
    List<RoutePlan> routes = new ArrayList<>();
    List<PlanYaml.Route> rawRoutes = PlanYaml.orEmpty(p.routes());
    for (int i = 0; i < rawRoutes.size(); i++) {
      PlanYaml.Route r = rawRoutes.get(i);
      String at = "routes[" + i + "]";
      routes.add(
          new RoutePlan(
              ref(required(r.from(), at + ".from"), at + ".from"),
              ref(required(r.to(), at + ".to"), at + ".to")));
    }
    List<TrustPlan> trusts = new ArrayList<>();
    List<PlanYaml.Trust> rawTrusts = PlanYaml.orEmpty(p.trustedSources());
    for (int i = 0; i < rawTrusts.size(); i++) {
      PlanYaml.Trust t = rawTrusts.get(i);
      String at = "trusted-sources[" + i + "]";
      trusts.add(
          new TrustPlan(required(t.chain(), at + ".chain"), required(t.trusts(), at + ".trusts")));
    }
    return new DeployPlan(signer, chains, routes, trusts);
  }

  private static ChainPlan chain(String name, PlanYaml.Chain c) {
    String at = "chains." + name;
    if (!TokenRef.CHAIN_NAME.matcher(name).matches()) {
      throw new DeployException("plan: " + at + ": a chain name is lower-case [a-z0-9-]");
    }
    if (c == null) {
      throw new DeployException("plan: " + at + " is empty");
    }
    URI url = url(required(c.rpcUrl(), at + ".rpc-url"), at + ".rpc-url");
    long id = required(c.chainId(), at + ".chain-id");
    if (id <= 0) {
      throw new DeployException("plan: " + at + ".chain-id must be positive");
    }
    Path key = Path.of(required(c.deployerKeyFile(), at + ".deployer-key-file"));
    PlanYaml.Bridge b =
        c.bridge() == null ? new PlanYaml.Bridge(null, null, null, null, null) : c.bridge();
    int fee = b.feeBps() == null ? 0 : b.feeBps();
    if (fee < 0 || fee > 500) {
      throw new DeployException("plan: " + at + ".bridge.fee-bps must be 0..500");
    }
    OptionalInt delay = OptionalInt.empty();
    if (b.timelockDelaySeconds() != null) {
      long d = b.timelockDelaySeconds();
      if (d < 1 || d > 30L * 24 * 3600) {
        throw new DeployException(
            "plan: " + at + ".bridge.timelock-delay-seconds must be 1..2592000 (30 days)");
      }
      delay = OptionalInt.of((int) d);
    }
    Optional<Address> bridgeAddress = optAddress(b.address(), at + ".bridge.address");
    if (bridgeAddress.isEmpty() && delay.isEmpty()) {
      throw new DeployException(
          "plan: " + at + ".bridge.timelock-delay-seconds is required to deploy a bridge");
    }
    BridgePlan bridge =
        new BridgePlan(
            bridgeAddress,
            optAddress(b.guardian(), at + ".bridge.guardian"),
            optAddress(b.treasury(), at + ".bridge.treasury"),
            fee,
            delay);
    Map<String, TokenPlan> tokens = new LinkedHashMap<>();
    PlanYaml.orEmpty(c.tokens())
        .forEach((sym, t) -> tokens.put(sym, token(sym, t, at + ".tokens." + sym)));
    return new ChainPlan(name, url, ChainId.of(id), key, bridge, tokens);
  }

  private static TokenPlan token(String symbol, PlanYaml.Token t, String at) {
    if (!TokenRef.SYMBOL.matcher(symbol).matches()) {
      throw new DeployException("plan: " + at + ": a symbol is [A-Za-z0-9], 1..16 characters");
    }
    if (t == null) {
      throw new DeployException("plan: " + at + " is empty");
    }
    Kind kind;
    if (t.address() != null && t.deploy() != null) {
      throw new DeployException("plan: " + at + ": give either address or deploy, not both");
    } else if (t.address() != null) {
      kind = Kind.EXISTING;
    } else if ("test-token".equals(t.deploy())) {
      kind = Kind.TEST_TOKEN;
    } else if ("bridged-token".equals(t.deploy())) {
      kind = Kind.BRIDGED_TOKEN;
    } else if (t.deploy() == null) {
      throw new DeployException("plan: " + at + ": give address or deploy");
    } else {
      throw new DeployException(
          "plan: " + at + ".deploy must be test-token or bridged-token, not '" + t.deploy() + "'");
    }
    OptionalInt decimals = OptionalInt.empty();
    if (t.decimals() != null) {
      if (t.decimals() < 0 || t.decimals() > 36) {
        throw new DeployException("plan: " + at + ".decimals must be 0..36");
      }
      decimals = OptionalInt.of(t.decimals());
    } else if (kind != Kind.EXISTING) {
      throw new DeployException("plan: " + at + ".decimals is required to deploy a token");
    }
    int mode = mode(t.mode(), kind, at);
    BigInteger max =
        amount(required(t.maxPerTransfer(), at + ".max-per-transfer"), at + ".max-per-transfer");
    BigInteger daily = amount(required(t.dailyCap(), at + ".daily-cap"), at + ".daily-cap");
    if (max.compareTo(MAX_PER_TRANSFER) > 0) {
      throw new DeployException("plan: " + at + ".max-per-transfer is above 2^104 - 1");
    }
    if (daily.compareTo(MAX_DAILY_CAP) > 0) {
      throw new DeployException("plan: " + at + ".daily-cap is above 2^120 - 1");
    }
    return new TokenPlan(
        symbol,
        kind,
        kind == Kind.EXISTING
            ? Optional.of(address(t.address(), at + ".address"))
            : Optional.empty(),
        t.name() == null ? symbol : t.name(),
        decimals,
        mode,
        t.lockAllowed() == null || t.lockAllowed(),
        max,
        daily);
  }

  private static int mode(String mode, Kind kind, String at) {
    int m;
    if (mode == null) {
      m = kind == Kind.BRIDGED_TOKEN ? 2 : 1;
    } else if (mode.equals("LOCK_RELEASE")) {
      m = 1;
    } else if (mode.equals("BURN_MINT")) {
      m = 2;
    } else {
      throw new DeployException(
          "plan: " + at + ".mode must be LOCK_RELEASE or BURN_MINT, not '" + mode + "'");
    }
    if (kind == Kind.TEST_TOKEN && m != 1) {
      throw new DeployException("plan: " + at + ": a test-token can only be LOCK_RELEASE");
    }
    if (kind == Kind.BRIDGED_TOKEN && m != 2) {
      throw new DeployException("plan: " + at + ": a bridged-token can only be BURN_MINT");
    }
    return m;
  }

  /** Token units, written as an integer, optionally with an exponent: {@code 1000000e18}. */
  static BigInteger amount(String text, String at) {
    try {
      BigInteger v = new BigDecimal(text.strip().replace("_", "")).toBigIntegerExact();
      if (v.signum() < 0) {
        throw new DeployException("plan: " + at + " must not be negative");
      }
      return v;
    } catch (NumberFormatException | ArithmeticException e) {
      throw new DeployException(
          "plan: " + at + ": '" + text + "' is not a whole number of token units (e.g. 1000e18)");
    }
  }

  private static TokenRef ref(String text, String at) {
    try {
      return TokenRef.parse(text);
    } catch (IllegalArgumentException e) {
      throw new DeployException("plan: " + at + ": " + e.getMessage());
    }
  }

  private static URI url(String text, String at) {
    URI u;
    try {
      u = new URI(text.strip());
    } catch (URISyntaxException e) {
      // Never echo the URL: it may carry a provider's API key.
      throw new DeployException("plan: " + at + " is not a valid URL");
    }
    if (u.getScheme() == null
        || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
        || u.getHost() == null) {
      throw new DeployException("plan: " + at + " must be http(s)://host...");
    }
    return u;
  }

  private static Optional<Address> optAddress(String text, String at) {
    return text == null ? Optional.empty() : Optional.of(address(text, at));
  }

  private static Address address(String text, String at) {
    try {
      return Address.ofChecksummed(text.strip());
    } catch (IllegalArgumentException e) {
      throw new DeployException("plan: " + at + ": " + e.getMessage());
    }
  }

  private static <T> T required(T value, String at) {
    if (value == null) {
      throw new DeployException("plan: " + at + " is required");
    }
    return value;
  }
}
