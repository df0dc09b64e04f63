package io.tbridge.relayer.runtime;

import io.tbridge.chain.rpc.EndpointNames;
import io.tbridge.chain.tx.KeyFileException;
import io.tbridge.chain.tx.KeyFileSigner;
import io.tbridge.chain.tx.TransactionSigner;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * An operator's mistake found at start-up, as one line naming the key, the chain and the problem
 * (no stack trace: nothing in it would help).
 */
final class StartupRefusal extends RuntimeException {
  private static final long serialVersionUID = 1L;

  StartupRefusal(String message) {
    super(message);
  }

  /** The endpoint URL {@code url} of chain {@code chain}, which must be http(s) with a host. */
  static URI endpoint(String chain, int index, String url) {
    String key = "relayer.chains." + chain + ".endpoints[" + index + "]";
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      // Never echo the URL: it may carry a provider's API key.
      throw new StartupRefusal(key + " (chain " + chain + ") is not a valid URL");
    }
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equals("http") || scheme.equals("https"))) {
      throw new StartupRefusal(key + " (chain " + chain + ") must start with http:// or https://");
    }
    if (uri.getHost() == null) {
      throw new StartupRefusal(
          key + " (chain " + chain + ") " + EndpointNames.safeName(uri) + " has no host");
    }
    return uri;
  }

  /** The gas payer's signer of chain {@code chain}, holding the key read from {@code file}. */
  static TransactionSigner senderKey(String chain, String file) {
    String key = "relayer.chains." + chain + ".submit.sender-key-file";
    try {
      return KeyFileSigner.read(Path.of(file).toAbsolutePath());
    } catch (KeyFileException e) {
      // The message names the file only, never its content (a private key).
      throw new StartupRefusal(key + " (chain " + chain + "): " + e.getMessage());
    }
  }
}
