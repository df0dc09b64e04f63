package io.tbridge.signer.topology;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tbridge.chain.store.AtomicFiles;
import io.tbridge.tss.channel.PartyIdentity.PublicIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads and writes a topology as JSON:
 *
 * <pre>
 * { "keyId": "devnet-1", "threshold": 2,
 *   "parties": [ { "index": 1, "operator": "acme",
 *                  "signingKey": "0x…32 bytes", "agreementKey": "0x…32 bytes" }, … ] }
 * </pre>
 *
 * Strict: an unknown key, a missing field, bad hex or a key that is not a valid Curve25519 public
 * key is a {@link TopologyException} naming the party and field.
 */
public final class TopologyFile {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
  private static final Set<String> TOP = Set.of("keyId", "threshold", "parties");
  private static final Set<String> PARTY =
      Set.of("index", "operator", "signingKey", "agreementKey");

  private TopologyFile() {}

  /** Loads {@code file}. */
  public static Topology load(Path file) {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new TopologyException("topology file " + file + " does not exist");
    } catch (IOException e) {
      throw new TopologyException("topology file " + file + " is not valid JSON: " + oneLine(e));
    }
    if (root == null || !root.isObject()) {
      throw new TopologyException("topology file " + file + " must hold a JSON object");
    }
    onlyKnown(root, TOP, "topology");
    String keyId = text(root, "keyId", "topology");
    int threshold = integer(root, "threshold", "topology");
    JsonNode parties = root.get("parties");
    if (parties == null || !parties.isArray()) {
      throw new TopologyException("topology: parties must be an array");
    }
    List<PartyEntry> entries = new ArrayList<>();
    int i = 0;
    for (JsonNode p : parties) {
      String where = "topology parties[" + i++ + "]";
      if (!p.isObject()) {
        throw new TopologyException(where + " must be an object");
      }
      onlyKnown(p, PARTY, where);
      int index = integer(p, "index", where);
      where = "topology party " + index;
      PublicIdentity id;
      try {
        id = new PublicIdentity(key(p, "signingKey", where), key(p, "agreementKey", where));
      } catch (IllegalArgumentException e) {
        throw new TopologyException(where + ": " + e.getMessage());
      }
      entries.add(new PartyEntry(index, text(p, "operator", where), id));
    }
    return new Topology(keyId, threshold, entries);
  }

  /** Writes {@code topology} to {@code file} atomically. */
  public static void save(Topology topology, Path file) {
    ObjectNode root = JSON.createObjectNode();
    root.put("keyId", topology.keyId());
    root.put("threshold", topology.threshold());
    ArrayNode arr = root.putArray("parties");
    for (PartyEntry p : topology.parties()) {
      ObjectNode o = arr.addObject();
      o.put("index", p.index());
      o.put("operator", p.operator());
      o.put("signingKey", "0x" + HexFormat.of().formatHex(p.identity().signingKey()));
      o.put("agreementKey", "0x" + HexFormat.of().formatHex(p.identity().agreementKey()));
    }
    try {
      AtomicFiles.write(
          file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
    } catch (IOException e) {
      throw new TopologyException("cannot write topology " + file + ": " + oneLine(e));
    }
  }

  private static void onlyKnown(JsonNode node, Set<String> known, String where) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!known.contains(f)) {
        throw new TopologyException(where + ": unknown key '" + f + "'");
      }
    }
  }

  private static String text(JsonNode n, String field, String where) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new TopologyException(where + ": " + field + " must be a string");
    }
    return v.asText();
  }

  private static int integer(JsonNode n, String field, String where) {
    JsonNode v = n.get(field);
    if (v == null || !v.isInt()) {
      throw new TopologyException(where + ": " + field + " must be an integer");
    }
    return v.asInt();
  }

  private static byte[] key(JsonNode n, String field, String where) {
    String s = text(n, field, where);
    if (!s.matches("0x[0-9a-fA-F]{64}")) {
      throw new TopologyException(where + ": " + field + " must be 0x and 64 hex digits");
    }
    return HexFormat.of().parseHex(s.substring(2));
  }

  private static String oneLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
