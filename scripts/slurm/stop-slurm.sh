#!/bin/bash
# Stop the single-node cluster started by start-slurm.sh, using its PID files only.
# Why PID files and /proc checks rather than `kill -0`: docs/STACK-NOTES.md §slurm-test-cluster.
# Env knobs:
#   SLURM_BASE=${TMPDIR:-/tmp}/lmms-eval-dashboard-slurm
#   SLURM_CANCEL_JOBS=1   cancel all jobs first (job processes are not children of slurmd
#                         and would otherwise keep running after slurmd stops)
#   SLURM_KEEP_MUNGE=0    leave munged running
set -uo pipefail
BASE=${SLURM_BASE:-${TMPDIR:-/tmp}/lmms-eval-dashboard-slurm}
RUN=$BASE/run

alive_pid() {   # alive_pid PID NAME
  local st
  [ "$(cat /proc/$1/comm 2>/dev/null)" = "$2" ] || return 1
  st=$(awk '{print $3}' /proc/$1/stat 2>/dev/null) || return 1
  [ "$st" != Z ] && [ "$st" != X ]      # a zombie still answers kill -0; treat it as gone
}

stop_one() {    # stop_one NAME PIDFILE
  local name=$1 pf=$2 pid
  if [ ! -s "$pf" ]; then echo "$name: no pid file"; return 0; fi
  pid=$(cat "$pf")
  if ! [[ $pid =~ ^[0-9]+$ ]] || ! alive_pid "$pid" "$name"; then
    echo "$name: not running (stale pid file)"; rm -f "$pf"; return 0
  fi
  kill -TERM "$pid"
  for _ in $(seq 1 100); do alive_pid "$pid" "$name" || break; sleep 0.1; done
  if alive_pid "$pid" "$name"; then
    echo "$name: still alive after 10s, SIGKILL"; kill -KILL "$pid"; sleep 0.2
  fi
  rm -f "$pf"
  echo "$name: stopped (pid $pid)"
}

ctld_up=0
if [ -s "$RUN/slurmctld.pid" ] && alive_pid "$(cat "$RUN/slurmctld.pid")" slurmctld; then ctld_up=1; fi

if [ "${SLURM_CANCEL_JOBS:-1}" = 1 ] && [ $ctld_up = 1 ]; then
  jobs=$(squeue -h -t PENDING,RUNNING,SUSPENDED,CONFIGURING -o %i 2>/dev/null | tr '\n' ' ')
  if [ -n "${jobs// /}" ]; then
    echo "cancelling jobs: $jobs"
    scancel $jobs 2>/dev/null
  fi
  # wait until nothing is running or completing (KillWait is 5 s in our slurm.conf)
  for _ in $(seq 1 150); do
    [ -z "$(squeue -h -t RUNNING,COMPLETING,SUSPENDED -o %i 2>/dev/null)" ] && break
    sleep 0.1
  done
fi

stop_one slurmd    "$RUN/slurmd.pid"
stop_one slurmctld "$RUN/slurmctld.pid"
if [ "${SLURM_KEEP_MUNGE:-0}" != 1 ]; then
  stop_one munged /run/munge/munged.pid
fi
