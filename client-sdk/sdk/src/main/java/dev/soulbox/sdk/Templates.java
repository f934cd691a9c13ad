package dev.soulbox.sdk;

import java.util.List;
import java.util.function.Consumer;

/**
 * The templates sandboxes start from: images on the orchestrator's Docker engine, built from a
 * Dockerfile on top of another template.
 *
 * <pre>{@code
 * TemplateInfo t = client.templates().build(
 *     TemplateSpec.builder("tools", "FROM soulbox/base\nRUN apt-get install -y jq").build(),
 *     System.out::println);
 * Sandbox sandbox = client.create(CreateOptions.builder().template(t.name()).build());
 * }</pre>
 */
public interface Templates {
  /** Every template, by name. */
  List<TemplateInfo> list();

  /**
   * Builds a template, passing each line of build output to {@code onLog} as it comes, and returns
   * once it is ready. A build has no deadline; interrupting the calling thread abandons it.
   *
   * @throws InvalidArgumentException when the Dockerfile does not build on a template, or the build fails
   * @throws java.io.UncheckedIOException when the context directory cannot be read
   */
  TemplateInfo build(TemplateSpec spec, Consumer<String> onLog);

  /**
   * Deletes a template.
   *
   * @throws NotFoundException when there is no such template
   * @throws InvalidArgumentException when sandboxes still use it, or it is {@code base}
   */
  void delete(String name);
}
