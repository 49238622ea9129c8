#!/bin/sh
# Scans every import sample one file at a time and prints exit code, findings and not-evaluated
# counts: a check run by hand against ../shared/samples/imports (not part of npm test, which
# reads only the repository). Usage: scripts/scan-import-samples.sh DIR [vigil scan options]
dir=$1; shift
for file in $(find "$dir" -type f \( -name '*.json' -o -name '*.yml' -o -name '*.yaml' -o -name '*.jsonl' \) -not -path '*/dbt/*' | sort); do
  node bin/vigil.js scan "$file" --format json "$@" > /tmp/vigil-sample.json 2> /tmp/vigil-sample.err
  code=$?
  node -e '
    const fs = require("fs"); const [file, code] = process.argv.slice(1);
    let text = fs.readFileSync("/tmp/vigil-sample.json", "utf8");
    if (!text) { console.log(`${code}  ${file}  ${fs.readFileSync("/tmp/vigil-sample.err", "utf8").split("\n")[0]}`); process.exit(); }
    const report = JSON.parse(text);
    console.log(`${code}  ${file}  findings ${report.findings.length}  not evaluated ${report.notEvaluated ? report.notEvaluated.total : 0}  warnings ${report.warnings.length}`);
  ' "$file" "$code"
  [ "$code" -ge 3 ] && echo "CRASH: $file" && cat /tmp/vigil-sample.err
done
