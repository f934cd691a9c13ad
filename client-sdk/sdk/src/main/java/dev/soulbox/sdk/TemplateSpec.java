package dev.soulbox.sdk;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A template to build: a name, a Dockerfile whose every {@code FROM} is a SoulBox template
 * ({@code FROM soulbox/base}), the directory its {@code COPY} and {@code ADD} read from, and the
 * resource limits its sandboxes get by default, and how many of them the server keeps started and
 * waiting (its warm pool).
 *
 * <pre>{@code
 * TemplateSpec spec = TemplateSpec.builder("python", "FROM soulbox/base\nCOPY req.txt /tmp/\nRUN pip install -r /tmp/req.txt")
 *     .context(Path.of("python-template"))
 *     .memoryMib(2048)
 *     .build();
 * }</pre>
 */
public final class TemplateSpec {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]*");

  private final String name;
  private final String dockerfile;
  private final Path context;
  private final Resources resources;
  private final int poolSize;

  private TemplateSpec(Builder b) {
    this.name = b.name;
    this.dockerfile = b.dockerfile;
    this.context = b.context;
    this.resources = b.resources;
    this.poolSize = b.poolSize;
  }

  /**
   * @param name lower-case letters, digits, {@code _ . -}, starting with a letter or digit
   * @param dockerfile the Dockerfile's text
   */
  public static Builder builder(String name, String dockerfile) {
    return new Builder(name, dockerfile);
  }

  public String name() {
    return name;
  }

  public String dockerfile() {
    return dockerfile;
  }

  /** The build context directory; empty when the Dockerfile copies nothing. */
  public Optional<Path> context() {
    return Optional.ofNullable(context);
  }

  /** Default CPU, memory and process limits of its sandboxes; those unset are the server's. */
  public Resources resources() {
    return resources;
  }

  /** Started sandboxes of it the server keeps waiting (0: none; the server's own setting for it wins). */
  public int poolSize() {
    return poolSize;
  }

  /** Builds a {@link TemplateSpec}. */
  public static final class Builder extends ResourcesBuilder<Builder> {
    private final String name;
    private final String dockerfile;
    private Path context;
    private int poolSize;

    private Builder(String name, String dockerfile) {
      requireNonNull(name, "name");
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("template name " + name
            + " must be lower-case letters, digits, '_', '.' or '-', starting with a letter or digit");
      }
      requireNonNull(dockerfile, "dockerfile");
      if (dockerfile.isBlank()) {
        throw new IllegalArgumentException("dockerfile must not be empty");
      }
      this.name = name;
      this.dockerfile = dockerfile;
    }

    /** The directory sent as the build context (without its {@code .git}). */
    public Builder context(Path directory) {
      this.context = requireNonNull(directory, "directory");
      return this;
    }

    /** Its sandboxes kept started and waiting, so that a create takes one at once (default 0). */
    public Builder poolSize(int sandboxes) {
      if (sandboxes < 0) {
        throw new IllegalArgumentException("poolSize must be 0 or more, not " + sandboxes);
      }
      this.poolSize = sandboxes;
      return this;
    }

    public TemplateSpec build() {
      return new TemplateSpec(this);
    }
  }
}
