// The wasm build and the native CLI give byte-identical quotes on generated
// programs, customers and carts (seeded; LOYALTY_PARITY_CASES, _SEED override).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { makeCase, rng } from './generate.mjs';
import { loadCore, root } from './load-core.mjs';

const COUNT = Number(process.env.LOYALTY_PARITY_CASES || 1200);
const SEED = Number(process.env.LOYALTY_PARITY_SEED || 20261128);
const cli = path.join(root, 'build/cli/loyalty');

function native(cases) {
  const input = cases.map((c) => JSON.stringify(c)).join('\n') + '\n';
  const run = spawnSync(cli, ['quote-batch'], { input, maxBuffer: 1 << 28, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const lines = run.stdout.split('\n').filter((l) => l.length);
  assert.equal(lines.length, cases.length);
  return lines;
}

// What the CLI prints for a case, from the wasm API.
function wasmLine(core, c) {
  const r = core.quoteCart(JSON.stringify(c.program), JSON.stringify(c.customer), JSON.stringify(c.cart), c.now);
  if (r.ok) return r.json;
  return JSON.stringify({ errors: r.errors.map((e) => ({ message: e.message, pointer: e.pointer })) });
}

test('parity: wasm quoteCart is byte-identical to native quote-batch on generated cases', async () => {
  assert.ok(fs.existsSync(cli), `native CLI missing at ${cli}: run scripts/build.sh`);
  const core = await loadCore();
  const r = rng(SEED);
  const cases = Array.from({ length: COUNT }, (_, i) => makeCase(r, i));
  const expected = native(cases);
  let mismatches = 0, errors = 0, withPoints = 0;
  for (let i = 0; i < cases.length; i++) {
    const got = wasmLine(core, cases[i]);
    if (expected[i].startsWith('{"errors"')) errors++;
    else if (JSON.parse(expected[i]).points > 0) withPoints++;
    if (got !== expected[i]) {
      mismatches++;
      if (mismatches <= 3) {
        const file = path.join(root, `artifacts/parity-mismatch-${i}.json`);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, JSON.stringify({ case: cases[i], native: expected[i], wasm: got }, null, 1));
        console.error(`case ${i} differs; written to ${file}`);
      }
    }
  }
  console.log(`# ${cases.length} cases: ${withPoints} earning points, ${errors} rejected with errors, ${mismatches} mismatches`);
  assert.equal(mismatches, 0);
  // The generator must exercise both paths, or the comparison proves little.
  assert.ok(withPoints > cases.length / 2, `only ${withPoints} cases earned points`);
  assert.ok(errors > 0 && errors < cases.length / 5, `${errors} error cases`);
});

test('parity: the example programs quote identically', async () => {
  const core = await loadCore();
  const r = rng(7);
  const cases = [];
  for (const f of fs.readdirSync(path.join(root, 'examples')).filter((f) => f.endsWith('.json'))) {
    const program = JSON.parse(fs.readFileSync(path.join(root, 'examples', f), 'utf8'));
    for (let k = 0; k < 30; k++) {
      const c = makeCase(r, k);
      cases.push({ program, customer: c.customer, cart: { ...c.cart, currency: program.currency }, now: c.now });
    }
  }
  const expected = native(cases);
  cases.forEach((c, i) => assert.equal(wasmLine(core, c), expected[i], `case ${i}`));
});
