// The fixture API (tests/web/fixture/server.mjs) answers signed requests as
// the real loyalty-server does: the same signatures accepted and refused,
// an expiry equal to "now" included (the server refuses it).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { sign as fixtureSign, SECRET as FIXTURE_SECRET, startFixture } from './fixture/server.mjs';
import { sign as realSign, SHOP, startRealServer } from './real-server.mjs';

let fixture, real;
before(async () => { fixture = await startFixture(); real = await startRealServer(); });
after(async () => { await fixture?.close(); await real?.stop(); });

const status = async (base, signature) => (await fetch(`${base}/api/v1/shops/${SHOP}/me`,
  { headers: { 'X-Loyalty-Customer': 'alice', 'X-Loyalty-Signature': signature } })).status;

test('fixture parity: the shopper signature is accepted and refused as the real server does', async () => {
  for (const delta of [-60, -1, 0, 1, 3600]) {
    // Both asked early in the same second, so "now" is the same for both.
    await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 20));
    const expires = Math.floor(Date.now() / 1000) + delta;
    const want = await status(real.api.replace('localhost', '127.0.0.1'), realSign('alice', expires));
    const got = await status(fixture.url, fixtureSign(SHOP, 'alice', expires, FIXTURE_SECRET));
    assert.equal(got === 200, want === 200, `expires now${delta >= 0 ? '+' : ''}${delta}: server ${want}, fixture ${got}`);
  }
});
