package dev.soulbox.orchestrator.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DockerfilesTest {
  @ParameterizedTest
  @ValueSource(strings = {"FROM soulbox/base\nRUN echo hi", "from soulbox/base:latest", "# c\nFROM --platform=linux/amd64 soulbox/base AS b\n",
      "ARG X=1\nFROM \\\n  soulbox/base"})
  void baseTemplates_readsTemplateReferences(String dockerfile) {
    assertThat(Dockerfiles.baseTemplates(dockerfile)).containsExactly("base");
  }

  @Test
  void baseTemplates_allowsEarlierStages() {
    assertThat(Dockerfiles.baseTemplates("FROM soulbox/base AS build\nRUN make\nFROM soulbox/desktop\nCOPY --from=build /a /a\n"
        + "FROM build AS again")).containsExactly("base", "desktop");
  }

  @ParameterizedTest
  @ValueSource(strings = {"FROM debian", "FROM soulbox/base:1.0", "FROM docker.io/soulbox/base", "FROM ${BASE}", "FROM scratch"})
  void baseTemplates_rejectsOtherImages(String dockerfile) {
    assertThatThrownBy(() -> Dockerfiles.baseTemplates(dockerfile)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a SoulBox template");
  }

  @Test
  void baseTemplates_needsAFrom() {
    assertThatThrownBy(() -> Dockerfiles.baseTemplates("RUN echo")).hasMessage("the Dockerfile has no FROM instruction");
  }
}
