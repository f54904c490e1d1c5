// What a shop page downloads for the widget, from Chromium's network log
// (tests/web/page-weight.mjs): the product page (launcher + product points)
// and the cart page (launcher + cart) served by loyalty-server --static.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { measurePages } from './page-weight.mjs';

let m;
before(async () => { m = await measurePages(); });

const list = (v) => v.files.map(([f, b]) => `  ${b} ${f}`).join('\n');

test('page weight: a second view of the product and cart pages downloads no asset body', () => {
  for (const [name, v] of Object.entries(m)) assert.equal(v.second.body, 0, `${name} page, second view:\n${list(v.second)}`);
});

// The budget, 50 KB read as 50,000 B (not 51,200): what Chromium's network
// log counts for the widget's files on the first view, embind included.
test('page weight: product and cart pages under 50 KB (50,000 B) gzip on the first view', () => {
  for (const [name, v] of Object.entries(m)) {
    assert.ok(v.first.body < 50000, `${name} page, first view: ${v.first.body} B in ${v.first.requests} requests\n${list(v.first)}`);
  }
});
