#!/usr/bin/env bash
# npm run fuzz: the property tests of test/properties.test.ts with many cases, in rounds of
# FUZZ_RUNS cases per property (vitest stops a worker whose single test runs over a minute),
# each round with its own seed. ROUNDS=10 FUZZ_RUNS=20000 by default.
set -euo pipefail
rounds=${ROUNDS:-10}
runs=${FUZZ_RUNS:-20000}
first=${FUZZ_SEED:-1}
start=$(date +%s)
for ((i = 0; i < rounds; i++)); do
  seed=$((first + i))
  echo "round $((i + 1))/$rounds: seed $seed, $runs cases per property"
  FUZZ_RUNS=$runs FUZZ_SEED=$seed npx vitest run test/properties.test.ts --testTimeout=0 --reporter=dot
done
echo "fuzz: $rounds rounds x $runs cases per property, $(($(date +%s) - start)) s, no failure"
