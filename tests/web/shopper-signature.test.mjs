// The suite's API is loyalty-server's own (tests/web/fixture/server.mjs): a
// shopper signature is refused from the second it expires. The JavaScript
// re-implementation the suite ran on before accepted one expiring this very
// second until 43ccc32; this fails on that fixture.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { sign, startFixture } from './fixture/server.mjs';

let fixture;
before(async () => { fixture = await startFixture(); });
after(async () => { await fixture?.close(); });

test('shopper signature: refused from its expiry second on, accepted before it', async () => {
  for (const [delta, want] of [[-60, 401], [-1, 401], [0, 401], [1, 200], [3600, 200]]) {
    // Asked early in a second, so "now" is the second the expiry was computed in.
    await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 20));
    const expires = Math.floor(Date.now() / 1000) + delta;
    const r = await fetch(`${fixture.url}/api/v1/shops/atelier-nord/me`,
      { headers: { 'X-Loyalty-Customer': 'alice', 'X-Loyalty-Signature': sign('atelier-nord', 'alice', expires) } });
    assert.equal(r.status, want, `expires now${delta >= 0 ? '+' : ''}${delta}`);
  }
});
