package dev.smfs.transport.crypto;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The pre-shared keys an endpoint holds: it seals with the first ({@link #sending()}) and opens
 * frames under any of them, which is what makes rotation without downtime possible (see {@code
 * docs/security.md}). Immutable, thread-safe.
 */
public final class KeyRing {
  public static final int MAX_KEY_ID = 255;
  public static final int KEY_BYTES = 32;

  /** One AES-256 key and the id frames name it by. */
  public record Key(int id, SecretKey secret) {
    public Key {
      if (id < 0 || id > MAX_KEY_ID) {
        throw new IllegalArgumentException("key id out of range 0..255: id=" + id);
      }
      Objects.requireNonNull(secret, "secret");
    }

    public static Key of(int id, byte[] bytes) {
      if (bytes.length != KEY_BYTES) {
        throw new IllegalArgumentException(
            "AES-256 key must be 32 bytes: id=" + id + " length=" + bytes.length);
      }
      return new Key(id, new SecretKeySpec(bytes, "AES"));
    }

    @Override
    public String toString() {
      return "Key[id=" + id + "]";
    }
  }

  private final List<Key> keys;
  private final Key[] byId = new Key[MAX_KEY_ID + 1];

  /**
   * @param keys the sending key first, then keys only accepted; ids must be distinct
   */
  public KeyRing(List<Key> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("key ring is empty");
    }
    Set<Integer> ids = new HashSet<>();
    for (Key k : keys) {
      if (!ids.add(k.id())) {
        throw new IllegalArgumentException("duplicate key id: id=" + k.id());
      }
      byId[k.id()] = k;
    }
    this.keys = List.copyOf(keys);
  }

  public Key sending() {
    return keys.get(0);
  }

  /** The key with this id, or null. */
  public Key find(int id) {
    return id < 0 || id > MAX_KEY_ID ? null : byId[id];
  }

  public List<Key> keys() {
    return keys;
  }
}
