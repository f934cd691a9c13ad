package dev.soulbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.soulbox.proto.filesystem.FileType;
import dev.soulbox.proto.filesystem.ListDirResponse;
import dev.soulbox.proto.orchestrator.v1.ListSandboxesResponse;
import dev.soulbox.proto.orchestrator.v1.ListTemplatesResponse;
import dev.soulbox.proto.orchestrator.v1.LogEntry;
import dev.soulbox.proto.orchestrator.v1.Sandbox;
import dev.soulbox.proto.orchestrator.v1.SandboxMetrics;
import dev.soulbox.proto.orchestrator.v1.SandboxState;
import dev.soulbox.proto.process.ListResponse;
import dev.soulbox.sdk.EntryInfo;
import dev.soulbox.sdk.FilesystemEvent;
import dev.soulbox.sdk.ProcessInfo;
import dev.soulbox.sdk.Resources;
import dev.soulbox.sdk.NetworkPolicy;
import dev.soulbox.sdk.SandboxInfo;
import dev.soulbox.sdk.TemplateInfo;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** --json output read back by protobuf's own proto3 JSON parser, which rejects unknown fields. */
class ApiJsonTest {
  private static final Instant STARTED = Instant.parse("2024-05-01T10:00:00Z");
  private static final Instant ENDS = Instant.parse("2024-05-01T10:05:00.250Z");

  private static SandboxInfo sandbox() {
    return new SandboxInfo("abcdefghij0123456789", "desktop", dev.soulbox.sdk.SandboxState.PAUSED,
        Map.of("user", "ada"), STARTED, ENDS, "0.5.7", new Resources(1.5, 512, 0),
        URI.create("http://localhost:7080/vnc.html?t=x"), NetworkPolicy.noInternet().allowOut("pypi.org"));
  }

  @SuppressWarnings("unchecked")
  private static <M extends Message> M parse(Object json, M.Builder builder) throws InvalidProtocolBufferException {
    JsonFormat.parser().merge(Json.pretty(json), builder);
    return (M) builder.build();
  }

  @Test
  void sandbox_isTheOrchestratorsSandboxMessage() throws Exception {
    Sandbox s = parse(ApiJson.sandbox(sandbox(), "tok"), Sandbox.newBuilder());

    assertThat(s.getSandboxId()).isEqualTo("abcdefghij0123456789");
    assertThat(s.getTemplate()).isEqualTo("desktop");
    assertThat(s.getState()).isEqualTo(SandboxState.SANDBOX_STATE_PAUSED);
    assertThat(s.getMetadataMap()).containsExactly(Map.entry("user", "ada"));
    assertThat(s.getStartedAt().getSeconds()).isEqualTo(STARTED.getEpochSecond());
    assertThat(s.getEndAt().getNanos()).isEqualTo(250_000_000);
    assertThat(s.getEnvdAccessToken()).isEqualTo("tok");
    assertThat(s.getVnc().getNovncUrl()).isEqualTo("http://localhost:7080/vnc.html?t=x");
    assertThat(s.getResources().getCpus()).isEqualTo(1.5);
    assertThat(s.getResources().getMemoryMib()).isEqualTo(512);
    assertThat(s.getEnvdVersion()).isEqualTo("0.5.7");
    assertThat(Json.pretty(ApiJson.sandbox(sandbox(), "tok"))).contains("\"sandboxId\": \"abcdefghij0123456789\"",
        "\"startedAt\": \"2024-05-01T10:00:00Z\"");
  }

  @Test
  void sandboxes_isListSandboxesResponse_withoutTokens() throws Exception {
    ListSandboxesResponse r = parse(ApiJson.sandboxes(List.of(sandbox(), sandbox())), ListSandboxesResponse.newBuilder());

    assertThat(r.getSandboxesList()).hasSize(2).allSatisfy(s -> assertThat(s.getEnvdAccessToken()).isEmpty());
  }

  @Test
  void metricsLogsTemplates() throws Exception {
    SandboxMetrics m = parse(ApiJson.metrics(new dev.soulbox.sdk.SandboxMetrics(STARTED, 2, 12.5, 100L << 20,
        1L << 30, 5L << 30, 20L << 30, 7)), SandboxMetrics.newBuilder());
    assertThat(m.getCpuCount()).isEqualTo(2);
    assertThat(m.getMemTotalBytes()).isEqualTo(1L << 30);
    assertThat(m.getPids()).isEqualTo(7);

    LogEntry e = parse(ApiJson.log(new dev.soulbox.sdk.LogEntry(STARTED, "lifecycle", "created")), LogEntry.newBuilder());
    assertThat(e.getMessage()).isEqualTo("created");

    ListTemplatesResponse t = parse(ApiJson.templates(List.of(
        new TemplateInfo("base", "soulbox/base:latest", STARTED, 480L << 20, Resources.none(), false, 2),
        new TemplateInfo("tools", "soulbox/tools:latest", null, 1, new Resources(2, 2048, 100), true, 0))), ListTemplatesResponse.newBuilder());
    assertThat(t.getTemplates(0).getSizeBytes()).isEqualTo(480L << 20);
    assertThat(t.getTemplates(0).getPoolSize()).isEqualTo(2);
    assertThat(t.getTemplates(1).getResources().getMemoryMib()).isEqualTo(2048);
    assertThat(t.getTemplates(1).getDesktop()).isTrue();
    assertThat(t.getTemplates(1).hasCreatedAt()).isFalse();
  }

  @Test
  void entriesProcessesEvents() throws Exception {
    ListDirResponse d = parse(ApiJson.entries(List.of(
        new EntryInfo("a.txt", "/home/user/a.txt", EntryInfo.Type.FILE, 12, 0644, "-rw-r--r--", "user", "user",
            STARTED, null),
        new EntryInfo("l", "/home/user/l", EntryInfo.Type.SYMLINK, 5, 0777, "Lrwxrwxrwx", "user", "user",
            STARTED, "a.txt"))), ListDirResponse.newBuilder());
    assertThat(d.getEntries(0).getType()).isEqualTo(FileType.FILE_TYPE_FILE);
    assertThat(d.getEntries(0).getMode()).isEqualTo(0644);
    assertThat(d.getEntries(0).hasSymlinkTarget()).isFalse();
    assertThat(d.getEntries(1).getSymlinkTarget()).isEqualTo("a.txt");

    ListResponse p = parse(ApiJson.processes(List.of(new ProcessInfo(12, "web", "/bin/bash",
        List.of("-l", "-c", "python3 -m http.server"), Map.of("A", "1"), "/home/user"))), ListResponse.newBuilder());
    assertThat(p.getProcesses(0).getPid()).isEqualTo(12);
    assertThat(p.getProcesses(0).getTag()).isEqualTo("web");
    assertThat(p.getProcesses(0).getConfig().getArgsList()).containsExactly("-l", "-c", "python3 -m http.server");

    dev.soulbox.proto.filesystem.FilesystemEvent ev = parse(ApiJson.event(new FilesystemEvent("sub/a",
        FilesystemEvent.Type.CREATE)), dev.soulbox.proto.filesystem.FilesystemEvent.newBuilder());
    assertThat(ev.getType()).isEqualTo(dev.soulbox.proto.filesystem.EventType.EVENT_TYPE_CREATE);
  }
}
