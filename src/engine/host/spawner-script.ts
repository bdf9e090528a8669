// The Perl side of spawner.ts. Requests on stdin: `id spawn HEXCWD HEXCMD HEXARG...` (an empty
// cwd: the helper's), `id kill SIGNUM`
// and `id sys HEXCALL HEXARG...` (mount, umount or syncfs made by a forked child, which exits
// with the errno: a slow syncfs holds up nothing). Frames on stdout: `id pid|out|err|exit
// LENGTH\n` followed by LENGTH bytes (the pid; output; "code signal"). A job's exit frame comes
// only after both its pipes reached EOF, so all of its output is relayed first. Perl opens every
// descriptor close-on-exec, so a child inherits nothing but its own stdin, stdout and stderr.
// The syscall numbers of the host's architecture come as arguments.
export const SPAWNER_SCRIPT = String.raw`
use strict; use POSIX ();
my ($MOUNT, $UMOUNT2, $SYNCFS) = @ARGV;
my (%jobs, %byfd, %bypid);
my $in = '';
$SIG{CHLD} = sub {};
$SIG{PIPE} = 'IGNORE';
# Ctrl-C reaches the whole process group: the build decides what to stop, and the helper must
# outlive it to report how the runtime ended.
$SIG{INT} = 'IGNORE';
sub frame { my ($id, $kind, $data) = @_; my $out = "$id $kind " . length($data) . "\n" . $data;
  while (length $out) { my $n = syswrite(STDOUT, $out); if (!defined $n) { next if $!{EINTR}; exit 1 } substr($out, 0, $n) = '' } }
sub start {
  my ($id, $cwd, @argv) = @_;
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
sub sys {
  my ($id, $call, @a) = @_;
  my $pid = fork();
  if (!defined $pid) { frame($id, 'exit', (0 + $!) . ' 0'); return }
  if ($pid == 0) {
    my $r = -1; $! = 0;
    if ($call eq 'mount') { my ($cwd, $src, $target, $type, $data) = @a; $r = syscall($MOUNT, $src, $target, $type, 0, $data) if chdir($cwd) }
    elsif ($call eq 'umount') { $r = syscall($UMOUNT2, $a[0], 0 + $a[1]) }
    elsif ($call eq 'syncfs') { if (open(my $fh, '<', $a[0])) { $r = syscall($SYNCFS, fileno($fh)) } }
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
  my $waiting = grep { !defined $_->{status} } values %jobs;
  my $ready = select(my $rout = $rin, undef, undef, $waiting ? 0.05 : undef);
  $rout = '' if $ready <= 0;
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
