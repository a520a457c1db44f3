#!/usr/bin/env bash
# npm run fuzz: the property tests (test/properties*.test.ts, test/build-paths.test.ts) with many
# cases, in ROUNDS rounds of FUZZ_RUNS cases per property, each round with its own seed
# (FUZZ_SEED, FUZZ_SEED + 1, ...). Within a round a property's cases are split into tests of at
# most FUZZ_CHUNK cases (test/arbitraries.ts says why). Defaults: 4 rounds of 10 000.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-4}
runs=${FUZZ_RUNS:-10000}
first=${FUZZ_SEED:-1}
files=(test/properties.test.ts test/properties-extreme.test.ts test/build-paths.test.ts)
start=$(date +%s)
for ((i = 0; i < rounds; i++)); do
  seed=$((first + i))
  echo "round $((i + 1))/$rounds: seed $seed, $runs cases per property"
  FUZZ_RUNS=$runs FUZZ_SEED=$seed npx vitest run "${files[@]}" --reporter=dot
done
echo "fuzz: $rounds rounds x $runs cases per property, $(($(date +%s) - start)) s, no failure"
