#!/usr/bin/env bash
# Further questions on the 20 shared real documents: `assistant eval` on one share, the documents
# imported into a temporary home beside the bundled knowledge, SOURCE line dropped.
# Run from the project's root: tests/data/tuning/real-more/run.sh [tune|heldback|questions] [ASSISTANT] [eval options]
# Tune only on `tune` (70%); `heldback` (30%) is for reporting.
# The documents are looked for beside the project (../shared/eval/real-docs, or one level further
# up for a worktree); set REAL_DOCS=DIR to name the folder.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
share=${1:-tune}; shift || true
assistant=${1:-.venv/bin/assistant}; shift || true
case "$share" in
  tune|heldback|questions) ;;
  *) echo "share must be tune, heldback or questions, not '$share'" >&2; exit 2 ;;
esac
real=${REAL_DOCS:-}
if [ -z "$real" ]; then
  for d in "$root/../shared/eval/real-docs" "$root/../../shared/eval/real-docs"; do
    if [ -d "$d" ]; then real=$d; break; fi
  done
fi
[ -n "$real" ] && [ -d "$real" ] || { echo "real-docs folder not found: set REAL_DOCS=DIR" >&2; exit 2; }
exec "$assistant" eval "$here/$share.jsonl" --import "$real" --skip-lines 1 "$@"
