// What a shop page downloads for the widget, from Chromium's network log
// (tests/web/page-weight.mjs): the product page (launcher + product points)
// and the cart page (launcher + cart) served by loyalty-server --static,
// without and with an A/B test of showing points running.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { measurePages } from './page-weight.mjs';

let m, running;
before(async () => { m = await measurePages(); running = await measurePages({ experiment: true }); });

const list = (v) => v.files.map(([f, b]) => `  ${b} ${f}`).join('\n');

test('page weight: a second view of the product and cart pages downloads no asset body', () => {
  for (const [name, v] of Object.entries(m)) assert.equal(v.second.body, 0, `${name} page, second view:\n${list(v.second)}`);
  for (const [name, v] of Object.entries(running)) assert.equal(v.second.body, 0, `${name} page, experiment running, second view:\n${list(v.second)}`);
});

// The budget, 50 KB read as 50,000 B (not 51,200): what Chromium's network
// log counts for the widget's files on the first view, embind included.
test('page weight: product and cart pages under 50 KB (50,000 B) gzip on the first view', () => {
  for (const [name, v] of Object.entries(m)) {
    assert.ok(v.first.body < 50000, `${name} page, first view: ${v.first.body} B in ${v.first.requests} requests\n${list(v.first)}`);
  }
});

// The same budget with an A/B test of showing points running (every visitor shown: all of it loads).
test('page weight: product and cart pages under 50 KB (50,000 B) gzip on the first view with an experiment running', () => {
  for (const [name, v] of Object.entries(running)) {
    assert.ok(v.first.body < 50000, `${name} page, experiment running, first view: ${v.first.body} B in ${v.first.requests} requests\n${list(v.first)}`);
    assert.ok(v.first.files.some(([f]) => /\/experiment-[A-Z0-9]+\.js$/.test(f)),
      `${name} page: the experiment's code loaded\n${list(v.first)}`);
  }
});
