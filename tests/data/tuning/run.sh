#!/usr/bin/env bash
# Tuning set: import docs/*.txt (SOURCE line dropped) into a temporary home beside the bundled
# knowledge and run `assistant eval` on one share of the questions.
# Run from the project's root: tests/data/tuning/run.sh [tune|heldback|questions] [ASSISTANT] [eval options]
# Tune only on `tune` (70%); `heldback` (30%) is for reporting.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
share=${1:-tune}; shift || true
assistant=${1:-.venv/bin/assistant}; shift || true
exec "$assistant" eval "$here/$share.jsonl" --import "$here/docs" --skip-lines 1 "$@"
