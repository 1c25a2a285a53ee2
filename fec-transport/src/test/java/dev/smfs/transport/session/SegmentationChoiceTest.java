package dev.smfs.transport.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * When a session's channel sends segmented batches (UDP GSO) and when one datagram per write; that
 * it reads batches whole (UDP GRO).
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SegmentationChoiceTest {
  private final EventLoopGroup group = Endpoints.newGroup("segmentation-test");

  @AfterEach
  void stop() throws InterruptedException {
    group.shutdownGracefully(0, 0, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
  }

  private Channel bind(TransportOptions options) throws InterruptedException {
    return Endpoints.bootstrap(
            group, SessionConfig.defaults(), options, ChannelInboundHandlerAdapter::new)
        .bind(new InetSocketAddress("127.0.0.1", 0))
        .sync()
        .channel();
  }

  @Test
  void aPlainEndpointSegmentsWhereTheSocketCan() throws InterruptedException {
    Channel ch = bind(TransportOptions.defaults());
    try {
      assertEquals(
          Endpoints.useEpoll() && EpollDatagramChannel.isSegmentedDatagramPacketSupported(),
          SessionCore.segmentationUsable(ch));
    } finally {
      ch.close().sync();
    }
  }

  @Test
  void anEpollEndpointReadsSegmentedBatchesWhole() throws InterruptedException {
    assumeTrue(Endpoints.useEpoll(), "no epoll here");
    Channel ch = bind(TransportOptions.defaults());
    try {
      assertTrue(ch.config().getOption(EpollChannelOption.UDP_GRO));
    } finally {
      ch.close().sync();
    }
  }

  @Test
  void aSealedEndpointKeepsSegmentation() throws InterruptedException {
    Channel ch =
        bind(
            dev.smfs.transport.crypto.TransportSecurity.of(
                    new dev.smfs.transport.crypto.KeyRing(
                        java.util.List.of(
                            dev.smfs.transport.crypto.KeyRing.Key.of(1, new byte[32]))))
                .apply(TransportOptions.defaults()));
    try {
      assertEquals(
          Endpoints.useEpoll() && EpollDatagramChannel.isSegmentedDatagramPacketSupported(),
          SessionCore.segmentationUsable(ch));
    } finally {
      ch.close().sync();
    }
  }

  @Test
  void aPipelineHookInFrontOfTheCodecTurnsSegmentationOff() throws InterruptedException {
    Channel ch =
        bind(
            TransportOptions.defaults()
                .withPipelineHook(p -> p.addLast("rewriter", new ChannelDuplexHandler())));
    try {
      assertFalse(SessionCore.segmentationUsable(ch), "the hook would see one batch per write");
    } finally {
      ch.close().sync();
    }
  }
}
