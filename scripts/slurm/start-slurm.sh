#!/bin/bash
# Bring up a single-node Slurm 22.05 cluster (Debian 12 packages) without systemd, for the dashboard's Slurm test
# tier (scripts/test-slurm.mjs). Why it does what it does: docs/STACK-NOTES.md §slurm-test-cluster. The default
# base folder is outside the repository, and the package set is the small one (slurmctld slurmd slurm-client munge,
# no Recommends).
# Idempotent: safe to run again while the cluster is up (it only starts what is missing,
# and reconfigures if slurm.conf changed).
#
# Env knobs:
#   SLURM_BASE=${TMPDIR:-/tmp}/lmms-eval-dashboard-slurm   where state/spool/logs/pid files live
#   SLURM_CLEAN=1               wipe saved controller state first (job ids restart at 1)
#   SLURM_INSTALL=0             do not apt-get install missing packages
#   SLURM_WAIT=30               seconds to wait for the node to become idle
#   SLURM_CPUS=$(nproc)         CPUs the node offers; more than the machine has lets test jobs that mostly sleep
#                               run side by side (SlurmdParameters=config_overrides makes slurmd accept it)
#   SLURM_PROCTRACK=linuxproc   or "cgroup": proctrack/cgroup on cgroup v1 (needs a writable
#                               /sys/fs/cgroup/freezer; also kills processes that escaped the job)
set -euo pipefail

BASE=${SLURM_BASE:-${TMPDIR:-/tmp}/lmms-eval-dashboard-slurm}
WAIT=${SLURM_WAIT:-30}
CONF=/etc/slurm/slurm.conf          # default path: sbatch/squeue/... find it without SLURM_CONF
RUN=$BASE/run; LOG=$BASE/log; STATE=$BASE/state; SPOOL=$BASE/spool
T0=$(date +%s.%N)
say() { printf '[start-slurm %6.2fs] %s\n' "$(awk -v a="$(date +%s.%N)" -v b="$T0" 'BEGIN{print a-b}')" "$*"; }

[ "$(id -u)" = 0 ] || { echo "must run as root" >&2; exit 1; }
mkdir -p "$BASE"   # munged's stderr goes to $BASE/munged.err before the other folders are made

# --- 0. packages ---------------------------------------------------------------
PACKAGES="slurmctld slurmd slurm-client munge"
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null || ! command -v sbatch >/dev/null; then
  [ "${SLURM_INSTALL:-1}" = 1 ] || { echo "slurm/munge not installed" >&2; exit 1; }
  say "installing $PACKAGES"
  # policy-rc.d in containers denies service start; that is fine, we start things ourselves.
  # The small set is enough for a single node (slurm-wlm would add ~35 plugin packages and their -dev files).
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $PACKAGES >/dev/null 2>&1 || {
    apt-get update -q >/dev/null 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $PACKAGES >/dev/null; }
fi

# alive NAME PIDFILE -> 0 if pidfile names a live (non-zombie) process whose comm is NAME
alive() {
  local pid st
  [ -s "$2" ] || return 1
  pid=$(cat "$2" 2>/dev/null) || return 1
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  [ "$(cat /proc/$pid/comm 2>/dev/null)" = "$1" ] || return 1
  st=$(awk '{print $3}' /proc/$pid/stat 2>/dev/null) || return 1
  [ "$st" != Z ] && [ "$st" != X ]
}

# --- 1. munge -------------------------------------------------------------------
MUNGE_PID=/run/munge/munged.pid
install -d -o munge -g munge -m 0700 /etc/munge /var/lib/munge /var/log/munge
install -d -o munge -g munge -m 0755 /run/munge
if [ ! -s /etc/munge/munge.key ]; then
  say "creating munge key"
  mungekey --create --keyfile=/etc/munge/munge.key 2>/dev/null || \
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none
fi
chown munge:munge /etc/munge/munge.key; chmod 0400 /etc/munge/munge.key
if alive munged "$MUNGE_PID" && munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  say "munged already running (pid $(cat $MUNGE_PID))"
else
  rm -f /run/munge/munge.socket.2 /run/munge/munge.socket.2.lock "$MUNGE_PID"
  if ! runuser -u munge -- /usr/sbin/munged 2>"$BASE/munged.err"; then
    # fallback: run as root; --force skips the ownership/permission sanity checks
    say "munged as user munge failed: $(cat "$BASE/munged.err"); retrying as root --force"
    /usr/sbin/munged --force
  fi
  for _ in $(seq 1 50); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
  munge -n | unmunge >/dev/null || { echo "munge does not work" >&2; exit 1; }
  say "munged started (pid $(cat $MUNGE_PID))"
fi

# --- 2. slurm.conf --------------------------------------------------------------
mkdir -p "$RUN" "$LOG" "$STATE" "$SPOOL"
if [ "${SLURM_CLEAN:-0}" = 1 ]; then
  if alive slurmctld "$RUN/slurmctld.pid"; then echo "SLURM_CLEAN=1 needs the cluster stopped first" >&2; exit 1; fi
  rm -rf "${STATE:?}"/* "${SPOOL:?}"/*
fi
HOST=$(hostname -s)
# slurmd/slurmctld must be able to resolve the node name
if ! getent hosts "$HOST" >/dev/null; then echo "127.0.0.1 $HOST" >> /etc/hosts; say "added $HOST to /etc/hosts"; fi
NCPU=${SLURM_CPUS:-$(nproc)}
OVERRIDES=
if [ "$NCPU" -gt "$(nproc)" ]; then OVERRIDES="SlurmdParameters=config_overrides"; fi
MEM=$(slurmd -C | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p' | head -1)
[ -n "$MEM" ] || MEM=1000
MEM=$(( MEM * 95 / 100 ))   # a little below the real value so the node never drains for "Low RealMemory"
PROCTRACK=${SLURM_PROCTRACK:-linuxproc}
if [ "$PROCTRACK" = cgroup ]; then
  if mkdir /sys/fs/cgroup/freezer/.slurmprobe 2>/dev/null; then
    rmdir /sys/fs/cgroup/freezer/.slurmprobe
    cat > /etc/slurm/cgroup.conf <<EOF
# generated by start-slurm.sh
CgroupPlugin=cgroup/v1
CgroupMountpoint=/sys/fs/cgroup
ConstrainCores=no
ConstrainRAMSpace=no
ConstrainDevices=no
EOF
  else
    say "WARNING: /sys/fs/cgroup/freezer not writable (no cgroup v1 freezer); using proctrack/linuxproc"
    PROCTRACK=linuxproc
  fi
fi
if [ "$PROCTRACK" != cgroup ] && grep -qs 'generated by start-slurm.sh' /etc/slurm/cgroup.conf; then
  rm -f /etc/slurm/cgroup.conf
fi
TMP=$(mktemp)
cat > "$TMP" <<EOF
# generated by start-slurm.sh (lmms-eval dashboard) -- single node test cluster, no systemd, no cgroups, no slurmdbd
ClusterName=testcluster
SlurmctldHost=$HOST
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/$PROCTRACK
TaskPlugin=task/none
SwitchType=switch/none
ReturnToService=2
MailProg=/bin/true
SlurmctldPidFile=$RUN/slurmctld.pid
SlurmdPidFile=$RUN/slurmd.pid
StateSaveLocation=$STATE
SlurmdSpoolDir=$SPOOL
SlurmctldLogFile=$LOG/slurmctld.log
SlurmdLogFile=$LOG/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
SchedulerType=sched/backfill
# default batch_sched_delay=3 makes sbatch->RUNNING take up to ~3 s; 0 gives <= ~1 s
SchedulerParameters=batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
# reject impossible requests at submit time instead of leaving them PENDING forever
EnforcePartLimits=ALL
# seconds between SIGTERM and SIGKILL on scancel/timeout (default 30)
KillWait=5
# keep finished jobs visible to squeue/scontrol for 1 h (default 300 s); no sacct without slurmdbd
MinJobAge=3600
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
# a persistent one-line-per-finished-job record (sacct replacement)
JobCompType=jobcomp/filetxt
JobCompLoc=$LOG/jobcomp.log
$OVERRIDES
NodeName=$HOST CPUs=$NCPU RealMemory=$MEM State=UNKNOWN
PartitionName=debug Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
EOF
CHANGED=0
if ! cmp -s "$TMP" "$CONF"; then
  install -m 0644 "$TMP" "$CONF"; CHANGED=1; say "wrote $CONF"
fi
rm -f "$TMP"

# --- 3. slurmctld + slurmd --------------------------------------------------------
stop_pid() {  # stop_pid NAME PIDFILE : TERM and wait (running jobs survive a daemon restart)
  local pid; pid=$(cat "$2"); kill -TERM "$pid"
  for _ in $(seq 1 100); do alive "$1" "$2" || break; sleep 0.1; done
  if alive "$1" "$2"; then kill -KILL "$pid"; fi
  rm -f "$2"
}
if [ $CHANGED = 1 ]; then
  # plugin types (ProctrackType, AuthType...) cannot change with "scontrol reconfigure": restart
  for d in slurmd slurmctld; do
    if alive $d "$RUN/$d.pid"; then say "slurm.conf changed: restarting $d"; stop_pid $d "$RUN/$d.pid"; fi
  done
fi
if alive slurmctld "$RUN/slurmctld.pid"; then
  say "slurmctld already running (pid $(cat $RUN/slurmctld.pid))"
else
  rm -f "$RUN/slurmctld.pid"
  slurmctld          # daemonizes itself and writes SlurmctldPidFile
  say "slurmctld started"
fi
for _ in $(seq 1 $((WAIT*10))); do scontrol ping 2>/dev/null | grep -q UP && break; sleep 0.1; done
scontrol ping | grep -q UP || { echo "slurmctld not responding, see $LOG/slurmctld.log" >&2; exit 1; }

if alive slurmd "$RUN/slurmd.pid"; then
  say "slurmd already running (pid $(cat $RUN/slurmd.pid))"
else
  rm -f "$RUN/slurmd.pid"
  slurmd
  say "slurmd started"
fi

# --- 4. wait for the node ----------------------------------------------------------
state=
for i in $(seq 1 $((WAIT*10))); do
  state=$(sinfo -h -n "$HOST" -o '%T' 2>/dev/null || true)
  case $state in idle|mixed|allocated|completing) break;; esac
  # node left DOWN/DRAINED by an earlier run: resume it once
  if [ "$i" = 20 ]; then case $state in down*|drain*|fail*) scontrol update nodename="$HOST" state=resume || true;; esac; fi
  sleep 0.1
done
case $state in idle|mixed|allocated|completing) ;; *)
  echo "node $HOST is '$state' after ${WAIT}s; see $LOG/" >&2; sinfo -R >&2; exit 1;; esac
say "cluster up: node $HOST is $state (slurmctld $(cat $RUN/slurmctld.pid), slurmd $(cat $RUN/slurmd.pid), munged $(cat $MUNGE_PID))"

# --- 5. optional warm-up / health check ---------------------------------------------
# slurmctld runs its first scheduling pass ~3 s after it starts, so the first job after a cold
# start waits up to ~3 s (later ones <= ~1 s). SLURM_WARMUP=1 runs one throwaway job end-to-end.
if [ "${SLURM_WARMUP:-0}" = 1 ]; then
  J=$(sbatch --parsable -J warmup -o /dev/null --wrap true)
  for _ in $(seq 1 $((WAIT*10))); do
    st=$(scontrol show job "$J" 2>/dev/null | grep -oP 'JobState=\K\S+' || true)
    case $st in COMPLETED) break;; FAILED|CANCELLED|NODE_FAIL|TIMEOUT) echo "warm-up job $J $st" >&2; exit 1;; esac
    sleep 0.1
  done
  [ "$st" = COMPLETED ] || { echo "warm-up job $J still $st" >&2; exit 1; }
  say "warm-up job $J completed"
fi
