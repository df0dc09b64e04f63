package io.tbridge.chain.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-test JSON-RPC proxy on 127.0.0.1 in front of a real node. A test installs a {@link Hook}
 * that may answer a call itself (an error, a refusal) or rewrite the node's answer (a lying
 * endpoint). Without a hook it forwards verbatim.
 */
public final class JsonRpcProxy implements AutoCloseable {

  /** Decides, per call, what the proxy does. */
  public interface Hook {
    /**
     * Returns a full JSON-RPC reply to send instead of forwarding, or null to forward. {@code
     * status} may be set to a non-200 HTTP status via {@link Reply}.
     */
    default Reply before(String method, JsonNode request) {
      return null;
    }

    /** Rewrites the node's reply (returns it unchanged by default). */
    default JsonNode after(String method, JsonNode request, JsonNode reply) {
      return reply;
    }
  }

  /** A reply the proxy sends itself. */
  public record Reply(int status, String body) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final HttpClient client = HttpClient.newHttpClient();
  private final URI upstream;
  private final AtomicInteger calls = new AtomicInteger();
  private volatile Hook hook = new Hook() {};

  /** Starts a proxy in front of {@code upstream}. */
  public JsonRpcProxy(URI upstream) throws IOException {
    this(upstream, 0);
  }

  /**
   * Starts a proxy in front of {@code upstream} on 127.0.0.1:{@code port} (0: any free port); a
   * test that saw a port refuse connections starts a proxy there to make the fault go away.
   */
  public JsonRpcProxy(URI upstream, int port) throws IOException {
    this.upstream = upstream;
    this.server =
        HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** The proxy's URL; a path and query are appended to show that they are never logged. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /** Installs the hook for subsequent calls. */
  public void hook(Hook hook) {
    this.hook = hook;
  }

  /**
   * A hook that holds every call without answering until {@code release} counts down (an endpoint
   * that accepts connections but never replies, like a stopped node behind a load balancer).
   */
  public static Hook hangUntil(java.util.concurrent.CountDownLatch release) {
    return new Hook() {
      @Override
      public Reply before(String method, JsonNode request) {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return null;
      }
    };
  }

  /** A free 127.0.0.1 port nothing listens on (connections to it are refused). */
  public static int freePort() throws IOException {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  /** Number of calls received. */
  public int calls() {
    return calls.get();
  }

  /** A JSON-RPC error reply for {@code request}. */
  public static Reply error(JsonNode request, int code, String message) {
    ObjectNode r = JSON.createObjectNode();
    r.put("jsonrpc", "2.0");
    r.set("id", request.get("id"));
    r.putObject("error").put("code", code).put("message", message);
    return new Reply(200, r.toString());
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      calls.incrementAndGet();
      byte[] body = ex.getRequestBody().readAllBytes();
      JsonNode request = JSON.readTree(body);
      String method = request.path("method").asText();
      Hook h = hook;
      Reply own = h.before(method, request);
      if (own != null) {
        send(ex, own.status(), own.body());
        return;
      }
      HttpResponse<String> resp;
      try {
        resp =
            client.send(
                HttpRequest.newBuilder(upstream)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        send(ex, 502, "");
        return;
      }
      JsonNode reply = JSON.readTree(resp.body());
      JsonNode rewritten = h.after(method, request, reply);
      send(ex, resp.statusCode(), rewritten.toString());
    }
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
