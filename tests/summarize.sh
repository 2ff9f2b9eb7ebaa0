#!/usr/bin/env bash
# Sums the TRX files `dotnet test --logger trx` wrote and prints one line: "N passed, N failed, N skipped". Each failed
# test is named on a line of its own above it, so the end of a CI log says what failed.
# Exits non-zero when a test failed or no test ran at all.
set -euo pipefail
dir=${1:-TestResults}
shopt -s nullglob
files=("$dir"/*.trx)
passed=0 failed=0 skipped=0
for f in "${files[@]}"; do
  counters=$(grep -o '<Counters [^>]*>' "$f" | head -n 1)
  value() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  total=$(value total); executed=$(value executed)
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  skipped=$((skipped + total - executed))
  grep -o '<UnitTestResult [^>]*outcome="\(Failed\|Error\|Timeout\|Aborted\)"[^>]*>' "$f" \
    | sed -n 's/.* testName="\([^"]*\)".*/failed: \1/p' | sed 's/&quot;/"/g; s/&amp;/\&/g; s/&lt;/</g; s/&gt;/>/g' || true
done
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
[ "${#files[@]}" -gt 0 ] && [ "$passed" -gt 0 ] && [ "$failed" -eq 0 ]
