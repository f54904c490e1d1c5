// The demo's notifications page (demo/notifications.html) in headless Chromium
// against the real server (tests/demo/harness.mjs, with scripts/demo.sh's short
// retry schedule: 3 attempts, then dead): a receiver that refuses ends with its
// notifications in the dead-letter list; a real receiver started in this test
// (checking signatures with server/README.md's own example) then gets each of
// them exactly once after the merchant presses Replay, and the list empties.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startDemo, newPage, shot, root, freePort, SHOP, API_KEY } from './harness.mjs';

let demo;
before(async () => { demo = await startDemo(); });
after(async () => { await demo?.stop(); });

const admin = (p, init = {}) => fetch(`${demo.api}/api/v1/admin/shops/${SHOP}${p}`,
  { ...init, headers: { Authorization: `Bearer ${API_KEY}`, 'Content-Type': 'application/json', ...init.headers } });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(what, f, ms = 20000) {
  for (const end = Date.now() + ms; ; await sleep(200)) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting for ' + what);
  }
}

/** The ```js block of server/README.md that starts with "// verify-notification.mjs". */
function readmeVerifier() {
  const readme = fs.readFileSync(path.join(root, 'server/README.md'), 'utf8');
  const open = '```js\n// verify-notification.mjs\n';
  const start = readme.indexOf(open);
  assert.ok(start >= 0, 'server/README.md has the verification example');
  return readme.slice(start + 6, readme.indexOf('```', start + open.length));
}

test('notifications: the demo receiver checks signatures with server/README.md\'s example, verbatim', () => {
  assert.ok(fs.readFileSync(path.join(root, 'demo/server/verify-notification.mjs'), 'utf8').endsWith(readmeVerifier()));
});

// A receiver on a port where nothing listens yet, every attempt refused, and a
// customer's notification that therefore ends as its dead letters; the seed's own
// dead letter (c001, to the demo receiver, switched off) too.
async function refusedReceiver() {
  const port = await freePort();
  const secret = 'replay-test-receiver-secret-0123456789';
  const rx = await (await admin('/receivers', { method: 'POST', body: JSON.stringify({ url: `http://127.0.0.1:${port}/hooks/loyalty`, secret }) })).json();
  const adj = await admin('/customers/replay-customer/adjustments', { method: 'POST', headers: { 'Idempotency-Key': 'replay-test' },
    body: JSON.stringify({ points: 10, note: 'replay test' }) });
  assert.ok(adj.ok, `adjustment ${adj.status}`);
  const mine = await (await admin('/customers/replay-customer/notifications')).json();
  assert.ok(mine.notifications.length >= 1, 'the adjustment wrote a notification');
  const letters = await until('the dead letters', async () => {
    const d = await deadOf(rx.id);
    return d.length === mine.notifications.length ? d : null;
  });
  const seeded = await until('the seed\'s dead letter (c001, demo receiver)', async () =>
    (await (await admin('/notifications/dead')).json()).dead.find((d) => d.customer_id === 'c001' && d.url.endsWith('/notifications')));
  return { port, secret, rx, letters, seeded };
}
const deadOf = async (receiver) => (await (await admin('/notifications/dead')).json()).dead.filter((d) => d.receiver === receiver);

// The receiver's dead letters as the page lists them at 320 px (screenshot for the README).
async function showsDeadLetters(page, section, letters) {
  await section.locator('li.letter').nth(letters.length - 1).waitFor({ timeout: 20000 });
  assert.equal(await section.locator('li.letter').count(), letters.length);
  const first = await section.locator('li.letter').first().innerText();
  for (const want of [letters[0].type, 'replay-customer', '3 attempts', 'last error:']) assert.ok(first.includes(want), `"${first}" shows ${want}`);
  assert.ok(letters[0].last_error.length > 0 && first.includes(letters[0].last_error), 'the server\'s last error is shown');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 320), 'fits a 320 px screen');
  await shot(page, 'notifications-dead');
  await page.screenshot({ path: path.join(root, 'docs/screenshots/demo-notifications.png'), fullPage: true });
}

// Hostile text from the server is shown as text: a receiver URL with markup in it.
async function showsHostileUrlAsText(page) {
  const hostile = await (await admin('/receivers', { method: 'POST', body: JSON.stringify({ url: 'http://127.0.0.1:1/<img/src/onerror=alert(1)>' }) })).json();
  await page.locator('#refresh').click();
  const hostileHeading = page.locator(`section[data-receiver="${hostile.id}"] h2`);
  await hostileHeading.waitFor();
  assert.ok((await hostileHeading.innerText()).includes('<img/src/onerror=alert(1)>'));
  assert.equal(await page.locator('#receivers img').count(), 0, 'no markup from the server');
}

// The seeded dead letter: switch the demo receiver on; a replay made elsewhere leaves this row stale,
// so its button is refused with the server's 404, named on the page.
async function staleReplayIsRefused(page, seeded) {
  await page.locator('#rx-toggle').click();
  await page.locator('#rx-toggle[data-on=true]').waitFor();
  assert.ok((await admin(`/notifications/${seeded.notification}/deliveries/${seeded.receiver}/replay`, { method: 'POST' })).ok);
  await page.locator(`li.letter[data-notification="${seeded.notification}"][data-receiver="${seeded.receiver}"] button.replay`).click();
  await page.locator('#nt-status.bad').waitFor();
  assert.match(await page.locator('#nt-status').innerText(), /Requeued 0 of 1.*404 no such dead delivery/);
  await until('the demo receiver got the seeded notification', async () => {
    await page.locator('#refresh').click();
    return (await page.locator('#rx-received li').allInnerTexts()).some((s) => s.includes('c001'));
  });
}

// The receiver recovers: a real HTTP server on that port, checking each signature; what it got.
async function recoveredReceiver(port, secret, verifyNotification) {
  const got = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      got.push({ id: req.headers['x-loyalty-notification-id'], body: JSON.parse(raw), valid: verifyNotification(secret, req.headers, raw) });
      res.writeHead(200).end();
    });
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  return { got, close: () => server.close() };
}

// Keyboard only: focus the receiver's Replay all and press Enter; each letter arrives once, signed.
async function replayAllArrivesOnce(page, section, rx, letters, got) {
  await section.locator('button.replay-all').focus();
  await page.keyboard.press('Enter');
  await page.locator('#nt-status.ok').waitFor();
  assert.equal(await page.locator('#nt-status').innerText(), `Requeued ${letters.length} of ${letters.length} for delivery now.`);
  await page.locator(`section[data-receiver="${rx.id}"][data-dead="0"]`).waitFor();
  assert.equal(await section.locator('li.letter').count(), 0, 'the list empties');

  await until('the deliveries', () => got.length >= letters.length, 15000);
  await sleep(3500);  // longer than the retry schedule: a second send would have come by now
  assert.deepEqual(got.map((g) => g.id).sort(), letters.map((d) => d.id).sort(), 'each dead letter arrived exactly once');
  for (const g of got) {
    assert.ok(g.valid, `valid signature on ${g.id}`);
    assert.equal(g.body.id, g.id);
    assert.equal(g.body.customer_id, 'replay-customer');
  }
  assert.deepEqual(await deadOf(rx.id), [], 'no dead letter left on the server');
  await page.locator('#refresh').click();
  await page.locator(`section[data-receiver="${rx.id}"][data-dead="0"]`).waitFor();
  await shot(page, 'notifications-replayed');
}

test('notifications: a refused delivery is a dead letter on the page; Replay sends it to the recovered receiver exactly once', async () => {
  const file = path.join(demo.tmp, 'verify-notification.mjs');
  fs.writeFileSync(file, readmeVerifier());
  const { verifyNotification } = await import(pathToFileURL(file).href);
  const { port, secret, rx, letters, seeded } = await refusedReceiver();

  const page = await newPage(demo, { viewport: { width: 320, height: 800 } });
  await page.goto(demo.api + '/notifications.html');
  const section = page.locator(`section[data-receiver="${rx.id}"]`);
  await showsDeadLetters(page, section, letters);
  await showsHostileUrlAsText(page);
  await staleReplayIsRefused(page, seeded);

  const receiver = await recoveredReceiver(port, secret, verifyNotification);
  try {
    await replayAllArrivesOnce(page, section, rx, letters, receiver.got);
  } finally {
    receiver.close();
  }
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('notifications: a refused API key is named on the page (401), nothing listed', async () => {
  const page = await newPage(demo, { viewport: { width: 320, height: 800 } });
  await page.route('**/demo-config.json', async (route) => {
    const cfg = await (await route.fetch()).json();
    await route.fulfill({ json: { ...cfg, api_key: 'not-the-key' } });
  });
  await page.goto(demo.api + '/notifications.html');
  await page.locator('#nt-status.bad').waitFor({ timeout: 20000 });
  assert.match(await page.locator('#nt-status').innerText(), /^Could not load the receivers: 401 \S/);
  assert.equal(await page.locator('#receivers section').count(), 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
