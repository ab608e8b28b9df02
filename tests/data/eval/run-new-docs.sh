#!/usr/bin/env bash
# HELD-OUT evaluation: import the new real documents (docs/*.txt, SOURCE line dropped) into a
# temporary ASSISTANT_HOME and run `assistant eval` on new-docs-questions.jsonl.
# For reporting only: never tune the engine on these documents or questions.
# Run from the project's root: tests/data/eval/run-new-docs.sh [ASSISTANT] [extra eval options]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
assistant=${1:-.venv/bin/assistant}; shift || true
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/docs"
for f in "$here"/docs/*.txt; do tail -n +2 "$f" > "$tmp/docs/$(basename "$f")"; done
ASSISTANT_HOME="$tmp/home" "$assistant" import "$tmp/docs"/*.txt >/dev/null
ASSISTANT_HOME="$tmp/home" "$assistant" eval "$here/new-docs-questions.jsonl" "$@"
