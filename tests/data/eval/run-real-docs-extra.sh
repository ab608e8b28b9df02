#!/usr/bin/env bash
# HELD-OUT evaluation: the same steps as shared/eval/real-eval.sh (import the 20 shared real
# documents, SOURCE line dropped, into a temporary ASSISTANT_HOME) but `assistant eval` runs on
# real-docs-extra-questions.jsonl. For reporting only: never tune the engine on these questions.
# Run from the project's root: tests/data/eval/run-real-docs-extra.sh [ASSISTANT] [extra eval options]
# The shared documents are looked for beside the project (../shared/eval/real-docs, or one level
# further up for a worktree); set REAL_DOCS=DIR to name the folder.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
assistant=${1:-.venv/bin/assistant}; shift || true
real=${REAL_DOCS:-}
if [ -z "$real" ]; then
  for d in "$root/../shared/eval/real-docs" "$root/../../shared/eval/real-docs"; do
    if [ -d "$d" ]; then real=$d; break; fi
  done
fi
[ -n "$real" ] && [ -d "$real" ] || { echo "real-docs folder not found: set REAL_DOCS=DIR" >&2; exit 2; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/docs"
for f in "$real"/*.txt; do tail -n +2 "$f" > "$tmp/docs/$(basename "$f")"; done
ASSISTANT_HOME="$tmp/home" "$assistant" import "$tmp/docs"/*.txt >/dev/null
ASSISTANT_HOME="$tmp/home" "$assistant" eval "$here/real-docs-extra-questions.jsonl" "$@"
