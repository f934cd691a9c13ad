package dev.soulbox.orchestrator.templates;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads what a Dockerfile builds on, so a template can only build on another template. */
public final class Dockerfiles {
  private static final Pattern FROM = Pattern.compile("(?i)^\\s*FROM\\s+(.*)$");
  private static final Pattern TEMPLATE_IMAGE = Pattern.compile("soulbox/([a-z0-9][a-z0-9_.-]*)(:latest)?");

  private Dockerfiles() {}

  /**
   * The templates the Dockerfile's stages start from, in order. A stage may also start from an
   * earlier stage by its name.
   *
   * @throws IllegalArgumentException naming the first FROM that is neither, or when there is no FROM
   */
  public static List<String> baseTemplates(String dockerfile) {
    List<String> templates = new ArrayList<>();
    Set<String> stages = new HashSet<>();
    for (String instruction : instructions(dockerfile)) {
      Matcher from = FROM.matcher(instruction);
      if (!from.matches()) {
        continue;
      }
      List<String> words = new ArrayList<>(List.of(from.group(1).trim().split("\\s+")));
      words.removeIf(w -> w.startsWith("--"));
      if (words.isEmpty()) {
        throw new IllegalArgumentException("a FROM instruction names no image");
      }
      String image = words.get(0);
      boolean earlierStage = stages.contains(image.toLowerCase(Locale.ROOT));
      if (words.size() >= 3 && words.get(1).equalsIgnoreCase("as")) {
        stages.add(words.get(2).toLowerCase(Locale.ROOT));
      }
      if (earlierStage) {
        continue;
      }
      Matcher template = TEMPLATE_IMAGE.matcher(image);
      if (!template.matches()) {
        throw new IllegalArgumentException("FROM " + image + " is not a SoulBox template");
      }
      templates.add(template.group(1));
    }
    if (templates.isEmpty()) {
      throw new IllegalArgumentException("the Dockerfile has no FROM instruction");
    }
    return templates;
  }

  /** The instructions, with comments dropped and continued lines joined. */
  static List<String> instructions(String dockerfile) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String raw : dockerfile.split("\\r?\\n", -1)) {
      String line = raw.strip();
      if (line.startsWith("#")) {
        continue;
      }
      if (line.endsWith("\\")) {
        current.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      current.append(line);
      if (!current.toString().isBlank()) {
        out.add(current.toString());
      }
      current.setLength(0);
    }
    if (!current.toString().isBlank()) {
      out.add(current.toString());
    }
    return out;
  }
}
