package io.tbridge.chain.rpc;

import java.net.URI;

/** Display names for endpoint URLs that never leak credentials (API keys, user info). */
public final class EndpointNames {

  private EndpointNames() {}

  /**
   * {@code scheme://host:port} of the URL: no user info, path or query, where providers put API
   * keys.
   */
  public static String safeName(URI url) {
    String scheme = url.getScheme() == null ? "?" : url.getScheme();
    String host = url.getHost() == null ? "?" : url.getHost();
    return url.getPort() < 0 ? scheme + "://" + host : scheme + "://" + host + ":" + url.getPort();
  }
}
