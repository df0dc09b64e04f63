package io.tbridge.tools.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The editor schema of the plan names exactly the keys the plan reader accepts. */
class PlanSchemaTest {

  private static final PropertyNamingStrategies.KebabCaseStrategy KEBAB =
      new PropertyNamingStrategies.KebabCaseStrategy();

  private static List<String> keys(Class<? extends Record> type) {
    return Arrays.stream(type.getRecordComponents())
        .map(c -> KEBAB.translate(c.getName()))
        .toList();
  }

  private static List<String> names(JsonNode properties) {
    List<String> out = new ArrayList<>();
    properties.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void shouldListEveryKeyOfThePlanAndNoOther() throws Exception {
    JsonNode s =
        new ObjectMapper().readTree(Path.of("../config/schema/deploy-plan.schema.json").toFile());
    JsonNode defs = s.get("$defs");

    assertThat(names(s.get("properties")))
        .containsExactlyInAnyOrderElementsOf(keys(PlanYaml.Plan.class));
    assertThat(names(defs.get("chain").get("properties")))
        .containsExactlyInAnyOrderElementsOf(keys(PlanYaml.Chain.class));
    assertThat(names(defs.get("chain").get("properties").get("bridge").get("properties")))
        .containsExactlyInAnyOrderElementsOf(keys(PlanYaml.Bridge.class));
    assertThat(names(defs.get("token").get("properties")))
        .containsExactlyInAnyOrderElementsOf(keys(PlanYaml.Token.class));
    assertThat(names(s.get("properties").get("routes").get("items").get("properties")))
        .containsExactlyInAnyOrderElementsOf(keys(PlanYaml.Route.class));
    assertThat(names(s.get("properties").get("trusted-sources").get("items").get("properties")))
        .containsExactlyInAnyOrderElementsOf(keys(PlanYaml.Trust.class));
  }
}
