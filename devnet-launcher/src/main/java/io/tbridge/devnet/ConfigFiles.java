package io.tbridge.devnet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The files the devnet hands to the real programs: the deploy plan for {@code tbridge deploy}, one
 * YAML configuration per signer node and one for the relayer — the same keys an operator writes
 * (docs/operations.md, docs/signer-operations.md).
 */
final class ConfigFiles {
  private ConfigFiles() {}

  /** The deploy plan: both bridges, TST on chain-a, its bridged token on chain-b, both routes. */
  static Path deployPlan(
      DevnetLayout layout, String rpcA, String rpcB, Path deployerKey, String groupSigner) {
    String yaml =
        """
        # Written by ./devnet on every start (the chains are new on every start).
        group-signer: "%s"
        chains:
          chain-a:
            rpc-url: %s
            chain-id: %d
            deployer-key-file: %s
            bridge:
              timelock-delay-seconds: 1
              fee-bps: 0
            tokens:
              TST:
                deploy: test-token
                name: Test Token
                decimals: 18
                max-per-transfer: 1000000e18
                daily-cap: 100000000e18
          chain-b:
            rpc-url: %s
            chain-id: %d
            deployer-key-file: %s
            bridge:
              timelock-delay-seconds: 1
              fee-bps: 0
            tokens:
              TST:
                deploy: bridged-token
                name: Test Token (bridged from chain-a)
                decimals: 18
                max-per-transfer: 1000000e18
                daily-cap: 100000000e18
        routes:
          - from: chain-a.TST
            to: chain-b.TST
          - from: chain-b.TST
            to: chain-a.TST
        trusted-sources:
          - chain: chain-b
            trusts: chain-a
          - chain: chain-a
            trusts: chain-b
        """
            .formatted(
                groupSigner, rpcA, Devnet.CHAIN_A, deployerKey, rpcB, Devnet.CHAIN_B, deployerKey);
    return write(layout.run().resolve("deploy-plan.yaml"), yaml);
  }

  /** Signer {@code p}'s configuration: its own stores, both chains, the devnet's timings. */
  static Path signer(DevnetLayout layout, int p, List<DevChain> chains, String kafka) {
    StringBuilder chainYaml = new StringBuilder();
    StringBuilder tokens = new StringBuilder();
    for (DevChain c : chains) {
      chainYaml.append(
          """
              %s:
                chain-id: %d
                bridge: "%s"
                endpoints: [ "%s" ]
                quorum: 1
                profile: anvil-devnet
          """
              .formatted(c.name(), c.chainId(), c.bridge(), c.rpcUrl()));
      tokens.append(
          """
                "%s":
                  max-per-transfer: "1000000000000000000000000"
                  daily-cap: "100000000000000000000000000"
          """
              .formatted(c.token()));
    }
    String yaml =
        """
        # Written by ./devnet. Devnet signer %d of 3 (2-of-3).
        signer:
          party: %d
          key-id: %s
          topology-file: %s
          key-store-dir: %s
          passphrase-file: %s
          state-file: %s
          # 2048-bit Paillier keys: fast to generate, refused for real keys (docs/tss.md).
          security-level: test
          allow-test-security-level: true
          keygen-on-first-start: true
          ceremony-wait: 20m
          kafka:
            bootstrap-servers: %s
          chains:
        %s  policy:
            tokens:
        %s  signing:
            round-deadline: 10s
            max-attempts: 5
            defer-retry: 300ms
            heartbeat-interval: 500ms
            live-window: 3s
            # Short windows for latency; one proposer per 16 windows (4 s), so proposals of
            # nodes whose loops lag (three nodes on two cores) cross only at a turn change.
            batch-window: 250ms
            batch-max-size: 64
            batch-solo-after: 10s
            batch-proposer-span: 16
            pool-depth: 2
            stock-depth: 2
            rpc-stale-after: 30s
        """
            .formatted(
                p,
                p,
                SignerParties.KEY_ID,
                layout.topology(),
                layout.keyStore(p),
                layout.passphrase(p),
                layout.run().resolve("signer-" + p).resolve("state.db"),
                kafka,
                chainYaml,
                tokens);
    try {
      Files.createDirectories(layout.run().resolve("signer-" + p));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return write(layout.run().resolve("signer-" + p + ".yaml"), yaml);
  }

  /** The relayer's configuration: it watches and submits on both chains. */
  static Path relayer(DevnetLayout layout, List<DevChain> chains, String kafka, Path senderKey) {
    StringBuilder chainYaml = new StringBuilder();
    for (DevChain c : chains) {
      chainYaml.append(
          """
              %s:
                chain-id: %d
                bridge: "%s"
                endpoints: [ "%s" ]
                quorum: 1
                watch:
                  profile: anvil-devnet
                  start-block: %d
                  max-range: 2000
                  poll-interval: 250ms
                submit:
                  sender-key-file: %s
          """
              .formatted(
                  c.name(), c.chainId(), c.bridge(), c.rpcUrl(), c.deployBlock(), senderKey));
    }
    String yaml =
        """
        # Written by ./devnet: one relayer that watches and submits on both chains.
        relayer:
          instance: relayer-devnet
          checkpoint-dir: %s
          max-lag-blocks: 200
          kafka:
            bootstrap-servers: %s
          chains:
        %s"""
            .formatted(layout.run().resolve("relayer"), kafka, chainYaml);
    return write(layout.run().resolve("relayer.yaml"), yaml);
  }

  private static Path write(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
