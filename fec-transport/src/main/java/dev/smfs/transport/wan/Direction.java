package dev.smfs.transport.wan;

/** The two directions of the relay; each is impaired independently. */
public enum Direction {
  /** From the client (whoever sends to the listen address) to the forward address. */
  UPSTREAM("upstream"),
  /** From the forward address back to the client address last seen. */
  DOWNSTREAM("downstream");

  private final String jsonName;

  Direction(String jsonName) {
    this.jsonName = jsonName;
  }

  /** The key of this direction in {@link WanEmulator#toJson()}. */
  public String jsonName() {
    return jsonName;
  }
}
