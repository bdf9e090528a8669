// The Perl side of spawner.ts. Requests on stdin: `id spawn HEXCWD HEXHIDE HEXCMD HEXARG...` (an
// empty cwd: the helper's; HIDE: NUL-separated mount points the child detaches in a private mount
// namespace of its own before exec, empty for none), `id kill SIGNUM`
// and `id sys HEXCALL HEXARG...` (mount or umount made here, syncfs by a forked child so that a
// slow one holds up nothing; the exit code is the errno; `xattr NAME PATH...` answers one line
// per path on stdout, the hex value of the attribute or `-`). Frames on stdout: `id pid|out|err|exit
// LENGTH\n` followed by LENGTH bytes (the pid; output; "code signal"). A job's exit frame comes
// only after both its pipes reached EOF, so all of its output is relayed first. Perl opens every
// descriptor close-on-exec, so a child inherits nothing but its own stdin, stdout and stderr.
// The syscall numbers of the host's architecture come as arguments.
export const SPAWNER_SCRIPT = String.raw`
use strict; use POSIX ();
my ($MOUNT, $UMOUNT2, $SYNCFS, $UNSHARE, $LGETXATTR) = @ARGV;
my (%jobs, %byfd, %bypid);
my $in = '';
# SIGCHLD writes to a pipe that select watches: a child ending just before select blocks still
# wakes it (Perl runs handlers between ops, so a bare handler could miss that window).
pipe(my $wake_r, my $wake_w) or die "pipe: $!";
$wake_w->blocking(0); $wake_r->blocking(0);
$SIG{CHLD} = sub { syswrite($wake_w, 'x') };
$SIG{PIPE} = 'IGNORE';
# Ctrl-C reaches the whole process group: the build decides what to stop, and the helper must
# outlive it to report how the runtime ended.
$SIG{INT} = 'IGNORE';
sub frame { my ($id, $kind, $data) = @_; my $out = "$id $kind " . length($data) . "\n" . $data;
  while (length $out) { my $n = syswrite(STDOUT, $out); if (!defined $n) { next if $!{EINTR}; exit 1 } substr($out, 0, $n) = '' } }
# CLONE_NEWNS, then MS_REC|MS_SLAVE on / so that nothing detached here propagates to the host.
sub hide_mounts {
  my $root = '/';
  syscall($UNSHARE, 0x20000) == 0 && syscall($MOUNT, 0, $root, 0, 0x84000, 0) == 0 or return "unshare: $!";
  for my $target (@_) { my $t = $target; syscall($UMOUNT2, $t, 2) == 0 or return "umount $target: $!" }
  return '';
}
sub start {
  my ($id, $cwd, $hide, @argv) = @_;
  my ($or, $ow, $er, $ew);
  pipe($or, $ow) or return frame($id, 'exit', '127 0');
  pipe($er, $ew) or return frame($id, 'exit', '127 0');
  my $pid = fork();
  if (!defined $pid) { frame($id, 'exit', '127 0'); return }
  if ($pid == 0) {
    $SIG{CHLD} = 'DEFAULT'; $SIG{PIPE} = 'DEFAULT'; $SIG{INT} = 'DEFAULT';
    open(STDIN, '<', '/dev/null');
    POSIX::dup2(fileno($ow), 1); POSIX::dup2(fileno($ew), 2);
    if (length($cwd) && !chdir($cwd)) { print STDERR "cd $cwd: $!\n"; POSIX::_exit(2) }
    if (length($hide)) { my $e = hide_mounts(split /\0/, $hide); if ($e) { print STDERR "$e\n"; POSIX::_exit(126) } }
    exec { $argv[0] } @argv;
    print STDERR "exec $argv[0]: $!\n"; POSIX::_exit(127);
  }
  close($ow); close($ew);
  $jobs{$id} = { pid => $pid, open => 2 };
  $bypid{$pid} = $id;
  $byfd{fileno($or)} = [$id, 'out', $or];
  $byfd{fileno($er)} = [$id, 'err', $er];
  frame($id, 'pid', $pid);
}
# mount and umount take well under a millisecond: made here, as a fork per call queued 12
# concurrent mounts behind each other for ~80 ms. syncfs can take long: it gets a child.
opendir(my $home, '.') or die "cwd: $!";
sub mount_here {
  my ($cwd, $src, $target, $type, $data) = @_;
  return 0 + $! unless chdir($cwd);
  my $r = syscall($MOUNT, $src, $target, $type, 0, $data);
  my $errno = 0 + $!;
  chdir($home) or die "cwd: $!";
  return $r == -1 ? ($errno || 5) : 0;
}
sub sys {
  my ($id, $call, @a) = @_;
  if ($call eq 'mount') { frame($id, 'exit', mount_here(@a) . ' 0'); return }
  if ($call eq 'xattr') {
    my ($name, @paths) = @a;
    my $out = '';
    for my $path (@paths) { my $buf = "\0" x 65536; my $n = syscall($LGETXATTR, $path, $name, $buf, 65536); $out .= ($n >= 0 ? unpack('H*', substr($buf, 0, $n)) : '-') . "\n" }
    frame($id, 'out', $out); frame($id, 'exit', '0 0'); return;
  }
  if ($call eq 'umount') { my $t = $a[0]; $! = 0; my $r = syscall($UMOUNT2, $t, 0 + $a[1]); frame($id, 'exit', ($r == -1 ? (0 + $! || 5) : 0) . ' 0'); return }
  my $pid = fork();
  if (!defined $pid) { frame($id, 'exit', (0 + $!) . ' 0'); return }
  if ($pid == 0) {
    my $r = -1; $! = 0;
    if ($call eq 'syncfs') { if (open(my $fh, '<', $a[0])) { $r = syscall($SYNCFS, fileno($fh)) } }
    else { $! = 22 }
    POSIX::_exit($r == -1 ? (0 + $! || 5) : 0);
  }
  $jobs{$id} = { pid => $pid, open => 0 };
  $bypid{$pid} = $id;
  frame($id, 'pid', $pid);
}
sub request {
  my ($id, $op, @a) = split / /, $_[0], -1;
  if ($op eq 'spawn') { start($id, map { pack('H*', $_) } @a) }
  elsif ($op eq 'sys') { sys($id, map { pack('H*', $_) } @a) }
  elsif ($op eq 'kill') { my $j = $jobs{$id}; kill(0 + $a[0], $j->{pid}) if $j && !defined $j->{status} }
}
sub finish {
  for my $id (keys %jobs) {
    my $j = $jobs{$id};
    next if $j->{open} > 0 || !defined $j->{status};
    frame($id, 'exit', ($j->{status} >> 8) . ' ' . ($j->{status} & 127));
    delete $jobs{$id};
  }
}
my $stdin_open = 1;
while ($stdin_open || %jobs) {
  my $rin = '';
  vec($rin, 0, 1) = 1 if $stdin_open;
  vec($rin, $_, 1) = 1 for keys %byfd;
  vec($rin, fileno($wake_r), 1) = 1;
  my $ready = select(my $rout = $rin, undef, undef, undef);
  $rout = '' if $ready <= 0;
  sysread($wake_r, my $drain, 4096) if vec($rout, fileno($wake_r), 1);
  while ((my $pid = waitpid(-1, POSIX::WNOHANG())) > 0) {
    my $id = delete $bypid{$pid};
    $jobs{$id}{status} = $? if defined $id;
  }
  if ($stdin_open && vec($rout, 0, 1)) {
    my $n = sysread(STDIN, my $buf, 65536);
    if (!$n) { $stdin_open = 0 if defined $n || !$!{EINTR} }
    else { $in .= $buf; while ($in =~ s/^([^\n]*)\n//) { request($1) } }
  }
  for my $fd (keys %byfd) {
    next unless vec($rout, $fd, 1);
    my ($id, $kind, $fh) = @{$byfd{$fd}};
    my $n = sysread($fh, my $buf, 65536);
    next if !defined $n && $!{EINTR};
    if ($n) { frame($id, $kind, $buf) } else { close($fh); delete $byfd{$fd}; $jobs{$id}{open}-- }
  }
  finish();
}
`;
