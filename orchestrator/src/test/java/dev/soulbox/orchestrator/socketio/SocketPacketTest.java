package dev.soulbox.orchestrator.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class SocketPacketTest {
  @Test
  void decode_readsTypeNamespaceAckIdAndData() {
    SocketPacket packet = SocketPacket.decode("2/admin,12[\"hello\",{\"a\":1}]");

    assertThat(packet.type()).isEqualTo(SocketPacket.Type.EVENT);
    assertThat(packet.namespace()).isEqualTo("/admin");
    assertThat(packet.ackId()).isEqualTo(12);
    assertThat(packet.data()).isEqualTo(JsonParser.parseString("[\"hello\",{\"a\":1}]"));
  }

  @Test
  void decode_readsTheAttachmentCountOfABinaryEvent() {
    SocketPacket packet = SocketPacket.decode("51-[\"input\",{\"_placeholder\":true,\"num\":0}]");

    assertThat(packet.type()).isEqualTo(SocketPacket.Type.BINARY_EVENT);
    assertThat(packet.attachments()).isEqualTo(1);
    assertThat(packet.namespace()).isEqualTo("/");
    assertThat(packet.ackId()).isEqualTo(-1);
  }

  @Test
  void encode_isTheInverseOfDecode() {
    for (String text : List.of("0{\"sid\":\"x\"}", "1", "3/admin,7[1]", "2[\"a\"]", "4{\"message\":\"no\"}")) {
      assertThat(SocketPacket.decode(text).encode()).isEqualTo(text);
    }
  }

  @Test
  void decode_refusesWhatIsNotAPacket() {
    assertThatThrownBy(() -> SocketPacket.decode("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SocketPacket.decode("9[]")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SocketPacket.decode("2[\"unclosed\"")).hasMessageContaining("not JSON");
    assertThatThrownBy(() -> SocketPacket.decode("5x-[]")).hasMessageContaining("attachment count");
  }
}
