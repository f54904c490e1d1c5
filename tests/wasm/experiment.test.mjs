// A/B test of showing points: the widget's wasm assigns every visitor the
// variant the server's native core computes for their exposures (the CLI's
// `variant` runs the same assign_variant), and the split holds.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { loadCore, root } from './load-core.mjs';

const cli = path.join(root, 'build/cli/loyalty');
const VISITORS = 100000;
// Ids of every shape the widget sends: customer ids, its own anonymous ids, non-ASCII.
const ids = Array.from({ length: VISITORS }, (_, i) =>
  i % 3 === 0 ? String(i * 7919) : i % 3 === 1 ? `v-${(i * 2654435761 % 2 ** 32).toString(36)}-${i}` : `kund-${i}-ö名`);

function native(experiment, split) {
  const run = spawnSync(cli, ['variant', '--experiment', experiment, '--split', String(split)],
    { input: ids.join('\n') + '\n', maxBuffer: 1 << 26, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout.trimEnd().split('\n');
}

test('wasm and native give identical variants on 100,000 ids, within 0.5 points of the split', async () => {
  assert.ok(fs.existsSync(cli), `native CLI missing at ${cli}: run scripts/build.sh`);
  const core = await loadCore();  // the widget's build, what the widget assigns with
  for (const [experiment, split] of [['points-on-product', 5000], ['cart-points-2026', 2000], ['e', 9000]]) {
    const expected = native(experiment, split);
    assert.equal(expected.length, VISITORS);
    let shown = 0;
    for (let i = 0; i < VISITORS; i++) {
      const r = core.assignVariant(experiment, ids[i], split);
      assert.ok(r.ok, r.error);
      if (r.value !== expected[i]) assert.fail(`${experiment}: visitor ${JSON.stringify(ids[i])} is ${r.value} in wasm, ${expected[i]} natively`);
      if (r.value === 'shown') shown++;
    }
    const percent = (100 * shown) / VISITORS;
    assert.ok(Math.abs(percent - split / 100) <= 0.5, `${experiment}: ${percent}% shown for a split of ${split / 100}%`);
  }
});

test('assignVariant refuses what the core refuses, naming the field, and never throws', async () => {
  const core = await loadCore();  // the widget's build
  for (const split of [-1, 10001, 1.5, NaN, Infinity, '50%']) {
    const r = core.assignVariant('pts', 'v-1', split);
    assert.equal(r.ok, false, `split ${split}`);
    assert.equal(r.errors[0].pointer, '/shown_basis_points');
  }
  const noId = core.assignVariant('', 'v-1', 5000);
  assert.equal(noId.ok, false);
  assert.equal(noId.errors[0].pointer, '/id');
  assert.deepEqual([core.assignVariant('pts', 'v-1', 0).value, core.assignVariant('pts', 'v-1', 10000).value], ['hidden', 'shown']);
});
