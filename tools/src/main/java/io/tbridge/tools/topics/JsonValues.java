package io.tbridge.tools.topics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.tbridge.core.Address;
import io.tbridge.core.ChainId;
import io.tbridge.core.DepositId;
import io.tbridge.core.Hash32;
import io.tbridge.core.Hex;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * Decoded domain values as JSON: records become objects of their components, addresses are EIP-55
 * hex, hashes and bytes {@code 0x} hex, chain ids numbers, 256-bit integers decimal strings (a JSON
 * number would lose digits in most readers), times ISO-8601, an empty optional {@code null}. A
 * component whose value is a subtype of its declared type (a release or a batch) carries {@code
 * type}.
 */
final class JsonValues {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private JsonValues() {}

  /** {@code value} as JSON. */
  static JsonNode of(Object value) {
    if (value == null) {
      return JSON.nullNode();
    }
    if (value instanceof Optional<?> o) {
      return o.isPresent() ? of(o.get()) : JSON.nullNode();
    }
    if (value instanceof Address a) {
      return JSON.textNode(a.toChecksumHex());
    }
    if (value instanceof Hash32 h) {
      return JSON.textNode(h.toHex());
    }
    if (value instanceof DepositId d) {
      return JSON.textNode(d.value().toHex());
    }
    if (value instanceof ChainId c) {
      return JSON.numberNode(c.value());
    }
    if (value instanceof BigInteger b) {
      return JSON.textNode(b.toString());
    }
    if (value instanceof Instant t) {
      return JSON.textNode(t.toString());
    }
    if (value instanceof ByteString b) {
      return JSON.textNode(Hex.encode(b.toByteArray()));
    }
    if (value instanceof byte[] b) {
      return JSON.textNode(Hex.encode(b));
    }
    if (value instanceof Enum<?> e) {
      return JSON.textNode(e.name());
    }
    if (value instanceof Integer i) {
      return JSON.numberNode(i);
    }
    if (value instanceof Long l) {
      return JSON.numberNode(l);
    }
    if (value instanceof Boolean b) {
      return JSON.booleanNode(b);
    }
    if (value instanceof Collection<?> c) {
      ArrayNode a = JSON.arrayNode();
      c.forEach(v -> a.add(of(v)));
      return a;
    }
    if (value instanceof Record r) {
      return record(r);
    }
    return JSON.textNode(value.toString());
  }

  private static ObjectNode record(Record r) {
    ObjectNode o = JSON.objectNode();
    for (RecordComponent c : r.getClass().getRecordComponents()) {
      Object v;
      try {
        v = c.getAccessor().invoke(r);
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("cannot read " + c.getName() + " of " + r.getClass(), e);
      }
      JsonNode node = of(v);
      if (v instanceof Record && node instanceof ObjectNode obj && c.getType() != v.getClass()) {
        ObjectNode typed = JSON.objectNode();
        typed.put("type", v.getClass().getSimpleName());
        typed.setAll(obj);
        node = typed;
      }
      o.set(c.getName(), node);
    }
    return o;
  }
}
