package dev.smfs.transport.session;

import io.netty.channel.ChannelPipeline;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Wiring of an endpoint beyond its {@link SessionConfig}: where metrics go, who hears per-packet
 * events, and a pipeline hook (the test seam for a lossy link; {@code
 * dev.smfs.transport.crypto.TransportSecurity#apply} installs datagram sealing through it).
 *
 * @param metrics meters shared by the endpoint's sessions
 * @param events per-packet events of every session of the endpoint
 * @param pipelineHook called once when the endpoint's channel is set up, before the codec handler
 *     is added, so handlers it adds see raw {@link io.netty.channel.socket.DatagramPacket}s (e.g. a
 *     handler dropping datagrams with a seeded random). Such handlers must release what they drop.
 */
public record TransportOptions(
    TransportMetrics metrics, PacketEventListener events, Consumer<ChannelPipeline> pipelineHook) {

  public TransportOptions {
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(pipelineHook, "pipelineHook");
  }

  /** Private metrics, no events, no hook. */
  public static TransportOptions defaults() {
    return new TransportOptions(TransportMetrics.unregistered(), PacketEventListener.NONE, p -> {});
  }

  public TransportOptions withMetrics(TransportMetrics m) {
    return new TransportOptions(m, events, pipelineHook);
  }

  public TransportOptions withEvents(PacketEventListener e) {
    return new TransportOptions(metrics, e, pipelineHook);
  }

  public TransportOptions withPipelineHook(Consumer<ChannelPipeline> hook) {
    return new TransportOptions(metrics, events, hook);
  }
}
