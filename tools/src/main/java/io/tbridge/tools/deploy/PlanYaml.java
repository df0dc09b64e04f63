package io.tbridge.tools.deploy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The plan file as written (kebab-case YAML keys), before validation. Absent keys are null here
 * only; {@link DeployPlan} turns them into defaults or errors. Unknown keys are refused, so a typo
 * never silently drops a setting.
 */
final class PlanYaml {

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private PlanYaml() {}

  record Plan(
      String groupSigner,
      LinkedHashMap<String, Chain> chains,
      List<Route> routes,
      List<Trust> trustedSources) {}

  record Chain(
      String rpcUrl,
      Long chainId,
      String deployerKeyFile,
      Bridge bridge,
      LinkedHashMap<String, Token> tokens) {}

  record Bridge(
      String address,
      String guardian,
      String treasury,
      Integer feeBps,
      Long timelockDelaySeconds) {}

  record Token(
      String deploy,
      String address,
      String name,
      Integer decimals,
      String mode,
      Boolean lockAllowed,
      String maxPerTransfer,
      String dailyCap) {}

  record Route(String from, String to) {}

  record Trust(String chain, String trusts) {}

  /** Reads {@code file}; a missing file or a YAML/type error is one line naming the key. */
  static Plan read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new DeployException("plan " + file + " does not exist");
    } catch (IOException e) {
      throw new DeployException("plan " + file + ": cannot read: " + e.getMessage());
    }
    try {
      Plan p = YAML.readValue(text, Plan.class);
      if (p == null) {
        throw new DeployException("plan " + file + " is empty");
      }
      return p;
    } catch (UnrecognizedPropertyException e) {
      throw new DeployException(
          "plan " + file + ": unknown key '" + e.getPropertyName() + "' at " + where(e));
    } catch (JsonMappingException e) {
      throw new DeployException("plan " + file + ": " + where(e) + ": " + firstLine(e));
    } catch (JacksonException e) {
      throw new DeployException(
          "plan "
              + file
              + ": not valid YAML (line "
              + (e.getLocation() == null ? "?" : e.getLocation().getLineNr())
              + "): "
              + firstLine(e));
    }
  }

  private static String where(JsonMappingException e) {
    String path =
        e.getPath().stream()
            .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
            .collect(Collectors.joining("."))
            .replace(".[", "[");
    return path.isEmpty() ? "the top level" : path;
  }

  private static String firstLine(JacksonException e) {
    String m = e.getOriginalMessage();
    return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
  }

  /** An empty map for an absent one (YAML {@code tokens:} with nothing under it). */
  static <K, V> Map<K, V> orEmpty(Map<K, V> m) {
    return m == null ? Map.of() : m;
  }

  /** An empty list for an absent one. */
  static <T> List<T> orEmpty(List<T> l) {
    return l == null ? List.of() : l;
  }
}
