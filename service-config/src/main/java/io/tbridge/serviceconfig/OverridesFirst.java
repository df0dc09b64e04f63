package io.tbridge.serviceconfig;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;

/**
 * Makes system properties and environment variables override the operator's file.
 *
 * <p>SmallRye gives a file named by {@code quarkus.config.locations} the ordinal of the source that
 * named it: {@code -Dquarkus.config.locations=f.yaml} puts the file at 400, above the environment
 * (300) and level with system properties (which then lose the tie), so both documented overrides
 * were silently ignored. This interceptor restores the documented order for every value that a file
 * supplied: a system property first, then an environment variable.
 */
@Priority(Priorities.APPLICATION)
public final class OverridesFirst implements ConfigSourceInterceptor {

  private static final long serialVersionUID = 1L;
  private static final String SYS = "SysPropConfigSource";
  private static final String ENV = "EnvConfigSource";

  private final EnvConfigSource env = new EnvConfigSource(System.getenv(), 300);

  @Override
  public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
    ConfigValue v = context.proceed(name);
    if (v == null || v.getConfigSourceName() == null) {
      return v;
    }
    String source = v.getConfigSourceName();
    if (source.startsWith(SYS)) {
      return v;
    }
    String sys = System.getProperty(name);
    if (sys != null) {
      return v.withValue(sys).withConfigSourceName(SYS).withConfigSourceOrdinal(400);
    }
    if (source.startsWith(ENV)) {
      return v;
    }
    String e = env.getValue(name);
    if (e != null) {
      return v.withValue(e).withConfigSourceName(ENV).withConfigSourceOrdinal(300);
    }
    return v;
  }
}
