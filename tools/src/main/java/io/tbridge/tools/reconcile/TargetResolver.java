package io.tbridge.tools.reconcile;

import io.tbridge.chain.deploy.Deployment;
import io.tbridge.chain.deploy.DeploymentException;
import io.tbridge.core.Address;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Turns the command line (and the deploy output, when given) into the two chains: an option given
 * on the command line wins for the URL; a chain id or bridge given both ways must agree.
 */
final class TargetResolver {

  /**
   * What the command line says of one chain.
   *
   * @param rpcUrl {@code --X-rpc-url}
   * @param chainId {@code --X-chain-id}
   * @param bridge {@code --X-bridge}
   */
  record Given(Optional<String> rpcUrl, OptionalLong chainId, Optional<String> bridge) {}

  private TargetResolver() {}

  /** Both chains, or an {@link IllegalArgumentException} with a one-line reason. */
  static List<ChainTarget> resolve(
      Optional<Path> deploymentFile, List<String> names, Given a, Given b, OptionalLong fromBlock) {
    if (deploymentFile.isEmpty()) {
      if (!names.isEmpty()) {
        throw new IllegalArgumentException("--chains needs --deployment-file");
      }
      return List.of(explicit("a", a, fromBlock), explicit("b", b, fromBlock));
    }
    Deployment d = read(deploymentFile.get());
    List<String> chosen =
        names.isEmpty() ? d.chains().stream().map(Deployment.ChainRecord::name).toList() : names;
    if (chosen.size() != 2) {
      throw new IllegalArgumentException(
          deploymentFile.get()
              + " records "
              + chosen.size()
              + " chains "
              + chosen
              + "; name two with --chains A,B");
    }
    return List.of(
        fromFile(d, deploymentFile.get(), chosen.get(0), a, fromBlock, "--a"),
        fromFile(d, deploymentFile.get(), chosen.get(1), b, fromBlock, "--b"));
  }

  private static Deployment read(Path file) {
    try {
      Deployment d =
          Deployment.read(file)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException("deployment file " + file + " does not exist"));
      if (!d.verified()) {
        throw new IllegalArgumentException(
            "deployment file " + file + " records a deploy run that did not finish");
      }
      return d;
    } catch (DeploymentException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static ChainTarget explicit(String name, Given g, OptionalLong fromBlock) {
    String opt = "--" + name;
    return new ChainTarget(
        name,
        uri(g.rpcUrl().orElseThrow(() -> missing(opt + "-rpc-url")), name),
        g.chainId().orElseThrow(() -> missing(opt + "-chain-id")),
        address(g.bridge().orElseThrow(() -> missing(opt + "-bridge")), name),
        fromBlock.orElse(0));
  }

  private static ChainTarget fromFile(
      Deployment d, Path file, String name, Given g, OptionalLong fromBlock, String opt) {
    Deployment.ChainRecord c =
        d.chain(name)
            .orElseThrow(
                () -> new IllegalArgumentException(file + " records no chain named " + name));
    if (g.chainId().isPresent() && g.chainId().getAsLong() != c.chainId()) {
      throw new IllegalArgumentException(
          "chain "
              + name
              + ": "
              + opt
              + "-chain-id is "
              + g.chainId().getAsLong()
              + " but "
              + file
              + " records chain id "
              + c.chainId());
    }
    Address bridge = c.bridgeAddress();
    if (g.bridge().isPresent() && !address(g.bridge().get(), name).equals(bridge)) {
      throw new IllegalArgumentException(
          "chain " + name + ": " + opt + "-bridge differs from bridge " + bridge + " in " + file);
    }
    return new ChainTarget(
        name,
        uri(g.rpcUrl().orElse(c.rpcUrl()), name),
        c.chainId(),
        bridge,
        fromBlock.orElse(c.deployBlock()));
  }

  private static IllegalArgumentException missing(String option) {
    return new IllegalArgumentException(option + " is required (or give --deployment-file)");
  }

  private static URI uri(String s, String chain) {
    try {
      URI u = new URI(s);
      if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
        throw new IllegalArgumentException(
            "chain " + chain + ": RPC URL must be http(s)://host[:port][/path]");
      }
      return u;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("chain " + chain + ": RPC URL is not a URL", e);
    }
  }

  private static Address address(String hex, String chain) {
    try {
      return Address.ofChecksummed(hex);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("chain " + chain + ": bridge " + e.getMessage(), e);
    }
  }
}
