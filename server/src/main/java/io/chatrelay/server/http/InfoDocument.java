package io.chatrelay.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatrelay.codec.message.MessageCodec;
import io.chatrelay.server.config.Limits;
import io.chatrelay.server.config.RelayConfig;

/**
 * The relay's public info document, {@code GET /info} (in the spirit of Nostr's NIP-11): who runs
 * it, what software, its address, the protocol versions it speaks, every limit it enforces and its
 * admission policy. Built once at start; it holds nothing secret.
 */
public final class InfoDocument {
  public static final String SOFTWARE = "chat-relay";

  private InfoDocument() {}

  public static byte[] json(RelayConfig config, String address, String version) {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    root.put("name", config.name());
    root.put("description", config.description());
    root.put("software", SOFTWARE);
    root.put("version", version);
    root.put("address", address);
    ObjectNode versions = root.putObject("protocol_versions");
    versions.put("min", MessageCodec.SUPPORTED.min());
    versions.put("max", MessageCodec.SUPPORTED.max());
    root.put("websocket_path", "/ws");
    Limits l = config.limits();
    ObjectNode limits = root.putObject("limits");
    limits.put("max_frame_bytes", l.maxFrameBytes());
    limits.put("max_connections", l.maxConnections());
    limits.put("max_connections_per_address", l.maxConnectionsPerAddress());
    limits.put("max_subscriptions_per_connection", l.maxSubscriptionsPerConnection());
    limits.put("outbound_buffer_frames", l.outboundBufferFrames());
    limits.put("join_queue_per_group", l.joinQueuePerGroup());
    limits.put("posts_per_second_per_group", l.postsPerSecondPerGroup());
    limits.put("joins_per_second_per_group", l.joinsPerSecondPerGroup());
    limits.put("max_groups", l.maxGroups());
    limits.put("pipelined_requests", l.pipelinedRequests());
    limits.put("handshake_timeout_ms", l.handshakeTimeout().toMillis());
    limits.put("idle_timeout_ms", l.idleTimeout().toMillis());
    ObjectNode retention = root.putObject("retention");
    retention.put("max_posts_per_group", config.retention().maxPostsPerGroup());
    retention.put("max_age_hours", config.retention().maxAge().toHours());
    ObjectNode admission = root.putObject("admission");
    admission.put("mode", config.admission().mode());
    admission.put("max_groups", l.maxGroups());
    admission.put("refuses_words", !config.admission().refusedWords().isEmpty());
    try {
      return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
