// The wasm builds and the native CLI give byte-identical quotes on generated
// programs, customers and carts (seeded; LOYALTY_PARITY_CASES, _SEED override):
// the ledger build from each customer's ledger, and the widget's build from the
// state the server would send (native `state-batch`), both against native
// `quote-batch` from the ledger.
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

function native(cases, command = 'quote-batch') {
  const input = cases.map((c) => JSON.stringify(c)).join('\n') + '\n';
  const run = spawnSync(cli, [command], { input, maxBuffer: 1 << 28, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const lines = run.stdout.split('\n').filter((l) => l.length);
  assert.equal(lines.length, cases.length);
  return lines;
}

// What the CLI prints for a case, from the wasm API (`who`: the customer, or a state).
// The widget's build (`seconds`) reads no time strings: it gets epoch seconds, as the widget sends.
function wasmLine(core, c, who = c.customer, seconds = false) {
  const now = seconds ? Date.parse(c.now) / 1000 : c.now;
  const r = core.quoteCart(JSON.stringify(c.program), typeof who === 'string' ? who : JSON.stringify(who), JSON.stringify(c.cart), now);
  if (r.ok) return r.json;
  return JSON.stringify({ errors: r.errors.map((e) => ({ message: e.message, pointer: e.pointer })) });
}

/**
 * The widget's build against native: a quote byte for byte; a refusal with the
 * same JSON Pointers in the same order, each message the same words or the
 * code "invalid" (its fields' words are left out: core/src/json_reader.h).
 */
function storeMatches(got, expected) {
  if (got === expected) return true;
  if (!got.startsWith('{"errors"') || !expected.startsWith('{"errors"')) return false;
  const [a, b] = [JSON.parse(got).errors, JSON.parse(expected).errors];
  return a.length === b.length && a.every((e, i) => e.pointer === b[i].pointer && (e.message === b[i].message || e.message === 'invalid'));
}

test('parity: the ledger build quotes byte-identically to native quote-batch on generated cases', async () => {
  assert.ok(fs.existsSync(cli), `native CLI missing at ${cli}: run scripts/build.sh`);
  const core = await loadCore('ledger');
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

// The widget's build never sees a ledger: it quotes from the state the server
// computes natively. Same cases: where the native state exists, the quote from
// it must equal native quote-batch from the ledger, byte for byte; where the
// program or cart is invalid in what quoting reads, both must refuse the same
// fields (storeMatches; the widget's build leaves actions, referral, lifecycle,
// partners and translations to the server, which checks them before any
// program is served).
test("parity: the widget's build, quoting from the server's state, is byte-identical to native quote-batch", async () => {
  const core = await loadCore('store');
  const r = rng(SEED);
  const cases = Array.from({ length: COUNT }, (_, i) => makeCase(r, i));
  const expected = native(cases);
  const states = native(cases, 'state-batch');
  let compared = 0, fromState = 0, mismatches = 0;
  for (let i = 0; i < cases.length; i++) {
    let got;
    if (!states[i].startsWith('{"errors"')) { got = wasmLine(core, cases[i], states[i], true); fromState++; }
    else if (!core.validateProgram(cases[i].program).ok) got = wasmLine(core, cases[i], null, true);  // the program is refused first
    else continue;  // a broken customer or ledger: only the server reads those
    compared++;
    if (!storeMatches(got, expected[i]) && ++mismatches <= 3) console.error(`case ${i}: native ${expected[i].slice(0, 300)}\n  wasm ${got.slice(0, 300)}`);
  }
  console.log(`# ${compared} of ${cases.length} cases compared, ${fromState} quoted from the server's state, ${mismatches} mismatches`);
  assert.equal(mismatches, 0);
  assert.ok(fromState > cases.length * 0.7, `only ${fromState} cases had a state`);
});

test('parity: the example programs quote identically in both builds', async () => {
  const core = await loadCore('ledger');
  const store = await loadCore('store');
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
  const states = native(cases, 'state-batch');
  cases.forEach((c, i) => {
    assert.equal(wasmLine(core, c), expected[i], `case ${i}`);
    if (!states[i].startsWith('{"errors"')) {
      const got = wasmLine(store, c, states[i], true);
      assert.ok(storeMatches(got, expected[i]), `case ${i} from the state:\n${got}\n${expected[i]}`);
    }
  });
});
