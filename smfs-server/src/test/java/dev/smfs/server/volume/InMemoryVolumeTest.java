package dev.smfs.server.volume;

import dev.smfs.server.testing.TestClock;

class InMemoryVolumeTest extends VolumeContractTest {
  @Override
  protected Volume newVolume(TestClock clock) {
    return new InMemoryVolume(clock);
  }
}
