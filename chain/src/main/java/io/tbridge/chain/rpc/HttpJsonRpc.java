package io.tbridge.chain.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * JSON-RPC 2.0 over HTTP(S) with the JDK client. Classifies failures: transport errors, timeouts,
 * HTTP 429/5xx and node-side transient errors are retriable; range refusals of {@code eth_getLogs}
 * become {@link RangeTooLargeException}; everything else is final.
 */
public final class HttpJsonRpc implements JsonRpc {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Messages nodes and providers use when an eth_getLogs range is too wide or too full. */
  private static final List<String> RANGE_REFUSALS =
      List.of(
          "query returned more than",
          "block range",
          "range too large",
          "range is too large",
          "too many blocks",
          "exceed maximum block range",
          "log response size exceeded",
          "query exceeds max results",
          "eth_getlogs is limited",
          "response size exceeded");

  /** Messages of node errors that usually clear up (node behind, overloaded). */
  private static final List<String> TRANSIENT =
      List.of(
          "header not found",
          "unknown block",
          "timeout",
          "timed out",
          "rate limit",
          "too many requests",
          "try again",
          "busy");

  private final URI url;
  private final String name;
  private final HttpClient client;
  private final Duration timeout;
  private final AtomicLong ids = new AtomicLong();

  /** An endpoint at {@code url} whose calls time out after {@code timeout}. */
  public HttpJsonRpc(URI url, Duration timeout) {
    String scheme = url.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new IllegalArgumentException(
          "RPC endpoint must be http or https, got " + EndpointNames.safeName(url));
    }
    this.url = url;
    this.name = EndpointNames.safeName(url);
    this.timeout = timeout;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public JsonNode call(String method, List<?> params) {
    ObjectNode body = JSON.createObjectNode();
    body.put("jsonrpc", "2.0");
    body.put("id", ids.incrementAndGet());
    body.put("method", method);
    ArrayNode arr = body.putArray("params");
    for (Object p : params) {
      arr.add(JSON.valueToTree(p));
    }
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new RpcException(name, method + " timed out", true, RpcErrorKind.TIMEOUT, e);
    } catch (IOException e) {
      // The exception text can carry the URL; keep only its type and our classification.
      RpcErrorKind kind = transportKind(e);
      throw new RpcException(
          name,
          method + " transport error (" + kind.label() + "): " + e.getClass().getSimpleName(),
          true,
          kind);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RpcException(name, method + " interrupted", false, RpcErrorKind.INTERRUPTED, e);
    }
    int status = response.statusCode();
    if (status == 429 || status == 502 || status == 503 || status == 504) {
      throw new RpcException(name, method + " HTTP " + status, true, RpcErrorKind.HTTP_STATUS);
    }
    if (status != 200) {
      throw new RpcException(
          name, method + " HTTP " + status, status >= 500, RpcErrorKind.HTTP_STATUS);
    }
    JsonNode reply;
    try {
      reply = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new RpcException(
          name, method + " returned malformed JSON", false, RpcErrorKind.MALFORMED_REPLY);
    }
    if (reply == null || !reply.isObject()) {
      throw new RpcException(
          name, method + " returned a non-object reply", false, RpcErrorKind.MALFORMED_REPLY);
    }
    JsonNode error = reply.get("error");
    if (error != null && !error.isNull()) {
      throw toError(method, error);
    }
    if (!reply.has("result")) {
      throw new RpcException(
          name,
          method + " reply has neither result nor error",
          false,
          RpcErrorKind.MALFORMED_REPLY);
    }
    return reply.get("result");
  }

  /**
   * The JDK client reports both a refused connection and an unresolvable host as a {@link
   * java.net.ConnectException}; only the cause chain tells them apart.
   */
  static RpcErrorKind transportKind(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.nio.channels.UnresolvedAddressException
          || t instanceof java.net.UnknownHostException) {
        return RpcErrorKind.UNKNOWN_HOST;
      }
    }
    return e instanceof java.net.ConnectException
        ? RpcErrorKind.CONNECTION_REFUSED
        : RpcErrorKind.TRANSPORT;
  }

  private RpcException toError(String method, JsonNode error) {
    int code = error.path("code").asInt(0);
    String message = error.path("message").asText("");
    String lower = message.toLowerCase(Locale.ROOT);
    if ("eth_getLogs".equals(method) && RANGE_REFUSALS.stream().anyMatch(lower::contains)) {
      return new RangeTooLargeException(name, code, message);
    }
    JsonNode dataNode = error.get("data");
    Optional<String> data =
        dataNode != null && dataNode.isTextual()
            ? Optional.of(dataNode.asText())
            : Optional.empty();
    boolean retriable =
        code == -32603 && !lower.contains("revert")
            || code == -32005
            || TRANSIENT.stream().anyMatch(lower::contains);
    return new JsonRpcError(name, code, message, data, retriable);
  }
}
