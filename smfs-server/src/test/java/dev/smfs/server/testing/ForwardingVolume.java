package dev.smfs.server.testing;

import dev.smfs.server.volume.DirEntry;
import dev.smfs.server.volume.InodeAttr;
import dev.smfs.server.volume.SetAttr;
import dev.smfs.server.volume.StatFs;
import dev.smfs.server.volume.Volume;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A {@link Volume} that passes every call to a delegate; subclasses override the calls they want to
 * observe, fail or deliberately break (fault injection, proving a checker can fail).
 */
public abstract class ForwardingVolume implements Volume {
  protected final Volume delegate;

  protected ForwardingVolume(Volume delegate) {
    this.delegate = delegate;
  }

  @Override
  public InodeAttr getattr(long ino) {
    return delegate.getattr(ino);
  }

  @Override
  public InodeAttr lookup(long parent, String name) {
    return delegate.lookup(parent, name);
  }

  @Override
  public InodeAttr create(long parent, String name, int perm, int uid, int gid) {
    return delegate.create(parent, name, perm, uid, gid);
  }

  @Override
  public InodeAttr mkdir(long parent, String name, int perm, int uid, int gid) {
    return delegate.mkdir(parent, name, perm, uid, gid);
  }

  @Override
  public InodeAttr symlink(long parent, String name, String target, int uid, int gid) {
    return delegate.symlink(parent, name, target, uid, gid);
  }

  @Override
  public String readlink(long ino) {
    return delegate.readlink(ino);
  }

  @Override
  public InodeAttr link(long ino, long newParent, String newName) {
    return delegate.link(ino, newParent, newName);
  }

  @Override
  public void unlink(long parent, String name) {
    delegate.unlink(parent, name);
  }

  @Override
  public void rmdir(long parent, String name) {
    delegate.rmdir(parent, name);
  }

  @Override
  public void rename(long parent, String name, long newParent, String newName) {
    delegate.rename(parent, name, newParent, newName);
  }

  @Override
  public void open(long ino) {
    delegate.open(ino);
  }

  @Override
  public void release(long ino) {
    delegate.release(ino);
  }

  @Override
  public int read(long ino, long offset, ByteBuffer dst) {
    return delegate.read(ino, offset, dst);
  }

  @Override
  public int write(long ino, long offset, ByteBuffer src) {
    return delegate.write(ino, offset, src);
  }

  @Override
  public InodeAttr setattr(long ino, SetAttr changes) {
    return delegate.setattr(ino, changes);
  }

  @Override
  public List<DirEntry> readdir(long ino, long afterCookie, int max) {
    return delegate.readdir(ino, afterCookie, max);
  }

  @Override
  public StatFs statfs() {
    return delegate.statfs();
  }

  @Override
  public void setxattr(long ino, String name, byte[] value, int flags) {
    delegate.setxattr(ino, name, value, flags);
  }

  @Override
  public byte[] getxattr(long ino, String name) {
    return delegate.getxattr(ino, name);
  }

  @Override
  public List<String> listxattr(long ino) {
    return delegate.listxattr(ino);
  }

  @Override
  public void removexattr(long ino, String name) {
    delegate.removexattr(ino, name);
  }

  @Override
  public void fsync(long ino) {
    delegate.fsync(ino);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
