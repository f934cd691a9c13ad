package dev.soulbox.orchestrator.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnginePacketTest {
  @Test
  void payload_joinsPacketsWithTheRecordSeparatorAndBinaryAsBase64() {
    byte[] payload = EnginePacket.encodePayload(List.of(EnginePacket.message("2[\"a\"]"),
        EnginePacket.of(EnginePacket.Type.PING), EnginePacket.binaryMessage(new byte[] {1, 2, 3})));

    assertThat(new String(payload, StandardCharsets.UTF_8)).isEqualTo("42[\"a\"]\u001e2\u001ebAQID");
  }

  @Test
  void decodePayload_splitsWhatEncodePayloadJoined() {
    List<EnginePacket> packets = EnginePacket.decodePayload("42[\"a\"]\u001e3\u001ebAQID");

    assertThat(packets).hasSize(3);
    assertThat(packets.get(0).type()).isEqualTo(EnginePacket.Type.MESSAGE);
    assertThat(packets.get(0).text()).isEqualTo("2[\"a\"]");
    assertThat(packets.get(1).type()).isEqualTo(EnginePacket.Type.PONG);
    assertThat(packets.get(2).binary()).containsExactly(1, 2, 3);
  }

  @Test
  void decodePayload_refusesUnknownTypesAndEmptyPackets() {
    assertThatThrownBy(() -> EnginePacket.decodePayload("9x")).hasMessageContaining("unknown Engine.IO packet type");
    assertThatThrownBy(() -> EnginePacket.decodePayload("4a\u001e")).hasMessageContaining("empty");
  }
}
