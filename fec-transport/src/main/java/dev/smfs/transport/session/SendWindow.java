package dev.smfs.transport.session;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counting window of DATA packets in flight (sent, not yet cumulatively acknowledged): the
 * backpressure of {@code Session.send}. Application threads acquire, the event loop releases on ACK
 * and moves the capacity with the flight limit ({@link FlightLimit}). A capacity lowered below what
 * is in flight takes no packet back: acquires wait until acknowledgements bring the count under it.
 *
 * <p>Thread-safe: {@link #lock} guards {@link #capacity}, {@link #inFlight} and {@link #closed}.
 */
final class SendWindow {
  private int capacity;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notFull = lock.newCondition();
  private int inFlight;
  private boolean closed;
  private String closeReason = "";

  SendWindow(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity=" + capacity);
    }
    this.capacity = capacity;
  }

  /**
   * Takes one slot without waiting.
   *
   * @return false if the window is full
   * @throws SessionClosedException if the window was closed
   */
  boolean tryAcquire() {
    lock.lock();
    try {
      checkOpen();
      if (inFlight >= capacity) {
        return false;
      }
      inFlight++;
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes one slot, waiting while the window is full.
   *
   * @return false if {@code timeout} passed first
   * @throws SessionClosedException if the window is or gets closed while waiting
   */
  boolean acquire(long timeout, TimeUnit unit) throws InterruptedException {
    long remaining = unit.toNanos(timeout);
    lock.lockInterruptibly();
    try {
      while (true) {
        checkOpen();
        if (inFlight < capacity) {
          inFlight++;
          return true;
        }
        if (remaining <= 0) {
          return false;
        }
        remaining = notFull.awaitNanos(remaining);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Returns {@code n} slots (packets acknowledged, or a send that failed after acquiring). */
  void release(int n) {
    if (n <= 0) {
      return;
    }
    lock.lock();
    try {
      if (n > inFlight) {
        throw new IllegalStateException(
            "release exceeds in-flight: n=" + n + " inFlight=" + inFlight);
      }
      inFlight -= n;
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Wakes every waiter; all later acquires fail with {@link SessionClosedException}. */
  void close(String why) {
    lock.lock();
    try {
      closed = true;
      closeReason = why;
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
  }

  int inFlight() {
    lock.lock();
    try {
      return inFlight;
    } finally {
      lock.unlock();
    }
  }

  int capacity() {
    lock.lock();
    try {
      return capacity;
    } finally {
      lock.unlock();
    }
  }

  /** Moves the capacity; a larger one wakes blocked senders. */
  void setCapacity(int newCapacity) {
    if (newCapacity < 1) {
      throw new IllegalArgumentException("capacity=" + newCapacity);
    }
    lock.lock();
    try {
      boolean grows = newCapacity > capacity;
      capacity = newCapacity;
      if (grows) {
        notFull.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new SessionClosedException("send window closed: reason=" + closeReason);
    }
  }
}
