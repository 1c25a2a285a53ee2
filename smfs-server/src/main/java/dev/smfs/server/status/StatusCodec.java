package dev.smfs.server.status;

import dev.smfs.server.status.StatusReport.FecStatus;
import dev.smfs.server.status.StatusReport.LinkState;
import dev.smfs.server.status.StatusReport.MirrorLink;
import dev.smfs.server.status.StatusReport.Role;
import dev.smfs.server.status.StatusReport.VolumeStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code status.json} format, one JSON object:
 *
 * <pre>
 * { "format": "smfs-status", "version": 1,
 *   "role": "primary"|"mirror", "writtenAtMillis": N, "pid": N, "smfsVersion": "...",
 *   "safety": "network-sync"|...|null,
 *   "volumes": [ { "uuid": "...", "epoch": N, "lastLsn": N, "durableLsn": N,
 *                  "mirrorDurableLsn": N } ],
 *   "mirror": null | { "address": "H:P", "state": "connecting"|"connected"|"catching-up"|
 *                      "degraded", "lagLsn": N, "lagBytes": N, "lagSeconds": X },
 *   "fec": null | { "r": N, "c": N, "interleaves": [N..], "minRepairs": N,
 *                   "observedLoss": X|null } }
 * </pre>
 *
 * A reader rejects another {@code format} or a {@code version} it does not know; unknown keys are
 * ignored so later versions may add fields.
 */
public final class StatusCodec {
  public static final String FORMAT = "smfs-status";
  public static final int VERSION = 1;

  private StatusCodec() {}

  public static String encode(StatusReport s) {
    StringBuilder b = new StringBuilder(512);
    b.append("{\"format\":").append(Json.quote(FORMAT));
    b.append(",\"version\":").append(VERSION);
    b.append(",\"role\":").append(Json.quote(s.role().tag()));
    b.append(",\"writtenAtMillis\":").append(s.writtenAtMillis());
    b.append(",\"pid\":").append(s.pid());
    b.append(",\"smfsVersion\":").append(Json.quote(s.version()));
    b.append(",\"safety\":").append(s.safety() == null ? "null" : Json.quote(s.safety()));
    b.append(",\"volumes\":[");
    for (int i = 0; i < s.volumes().size(); i++) {
      VolumeStatus v = s.volumes().get(i);
      b.append(i == 0 ? "" : ",");
      b.append("{\"uuid\":").append(Json.quote(v.uuid()));
      b.append(",\"epoch\":").append(v.epoch());
      b.append(",\"lastLsn\":").append(v.lastLsn());
      b.append(",\"durableLsn\":").append(v.durableLsn());
      b.append(",\"mirrorDurableLsn\":").append(v.mirrorDurableLsn()).append('}');
    }
    b.append("],\"mirror\":");
    MirrorLink m = s.mirror();
    if (m == null) {
      b.append("null");
    } else {
      b.append("{\"address\":").append(Json.quote(m.address()));
      b.append(",\"state\":").append(Json.quote(m.state().tag()));
      b.append(",\"lagLsn\":").append(m.lagLsn());
      b.append(",\"lagBytes\":").append(m.lagBytes());
      b.append(",\"lagSeconds\":").append(Json.number(m.lagSeconds())).append('}');
    }
    b.append(",\"fec\":");
    FecStatus f = s.fec();
    if (f == null) {
      b.append("null");
    } else {
      b.append("{\"r\":").append(f.r()).append(",\"c\":").append(f.c());
      b.append(",\"interleaves\":[");
      for (int i = 0; i < f.interleaves().size(); i++) {
        b.append(i == 0 ? "" : ",").append(f.interleaves().get(i));
      }
      b.append("],\"minRepairs\":").append(f.minRepairs());
      b.append(",\"observedLoss\":").append(Json.number(f.observedLoss())).append('}');
    }
    return b.append('}').toString();
  }

  /**
   * Parses a status document.
   *
   * @throws IllegalArgumentException naming the field when the text is not a valid status
   */
  public static StatusReport decode(String text) {
    Object root = Json.parse(text);
    if (!(root instanceof Map<?, ?> o)) {
      throw new IllegalArgumentException("status is not a JSON object");
    }
    if (!FORMAT.equals(o.get("format"))) {
      throw new IllegalArgumentException("not a status document: format=" + o.get("format"));
    }
    long version = num(o, "version");
    if (version != VERSION) {
      throw new IllegalArgumentException(
          "unsupported status version: version=" + version + " supported=" + VERSION);
    }
    List<VolumeStatus> volumes = new ArrayList<>();
    for (Object v : list(o, "volumes")) {
      Map<?, ?> vo = obj(v, "volumes[]");
      volumes.add(
          new VolumeStatus(
              str(vo, "uuid"),
              num(vo, "epoch"),
              num(vo, "lastLsn"),
              num(vo, "durableLsn"),
              num(vo, "mirrorDurableLsn")));
    }
    MirrorLink mirror = null;
    if (o.get("mirror") != null) {
      Map<?, ?> mo = obj(o.get("mirror"), "mirror");
      mirror =
          new MirrorLink(
              str(mo, "address"),
              LinkState.ofTag(str(mo, "state")),
              num(mo, "lagLsn"),
              num(mo, "lagBytes"),
              dbl(mo, "lagSeconds"));
    }
    FecStatus fec = null;
    if (o.get("fec") != null) {
      Map<?, ?> fo = obj(o.get("fec"), "fec");
      List<Integer> interleaves = new ArrayList<>();
      for (Object i : list(fo, "interleaves")) {
        interleaves.add(((Number) i).intValue());
      }
      fec =
          new FecStatus(
              (int) num(fo, "r"),
              (int) num(fo, "c"),
              interleaves,
              (int) num(fo, "minRepairs"),
              fo.get("observedLoss") == null ? Double.NaN : dbl(fo, "observedLoss"));
    }
    return new StatusReport(
        Role.ofTag(str(o, "role")),
        num(o, "writtenAtMillis"),
        num(o, "pid"),
        str(o, "smfsVersion"),
        o.get("safety") == null ? null : str(o, "safety"),
        volumes,
        mirror,
        fec);
  }

  private static Map<?, ?> obj(Object v, String key) {
    if (v instanceof Map<?, ?> m) {
      return m;
    }
    throw new IllegalArgumentException("status field is not an object: field=" + key);
  }

  private static List<?> list(Map<?, ?> o, String key) {
    if (o.get(key) instanceof List<?> l) {
      return l;
    }
    throw new IllegalArgumentException("status field is not an array: field=" + key);
  }

  private static String str(Map<?, ?> o, String key) {
    if (o.get(key) instanceof String s) {
      return s;
    }
    throw new IllegalArgumentException("status field is not a string: field=" + key);
  }

  private static double dbl(Map<?, ?> o, String key) {
    if (o.get(key) instanceof Double d) {
      return d;
    }
    throw new IllegalArgumentException("status field is not a number: field=" + key);
  }

  private static long num(Map<?, ?> o, String key) {
    double d = dbl(o, key);
    if (d != Math.rint(d)) {
      throw new IllegalArgumentException("status field is not an integer: field=" + key);
    }
    return (long) d;
  }
}
