// Member events in the panel: the merchant schedules them with the program,
// the real server's /me says which ones this shopper hears about (the core's
// member_events_for), and the panel announces the upcoming one, shows the one
// on now, holds back the early-access reward, escapes the merchant's text and
// fits a 320 px phone. Chromium against the real loyalty-server.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { launch } from './browser.mjs';
import { root } from './helpers.mjs';
import { API_KEY, SHOP, shopDay, startRealServer } from './real-server.mjs';

let real, browser;
before(async () => {
  real = await startRealServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await real?.stop();
});

const hostile = '<img src=x onerror="window.__xss=1">Silver <b>night</b>';

test('member events: the panel announces the upcoming event, shows the current one, and holds back early access', async () => {
  const program = JSON.parse(fs.readFileSync(path.join(root, 'examples/fashion-store.json'), 'utf8'));
  program.member_events = [
    { id: 'silver-night', name: hostile, tiers: ['silver', 'gold', 'platinum'], starts: shopDay(2) + 'T18:00',
      ends: shopDay(3), announce_from: shopDay(-1), percent: 200, early_access: ['ten-off'] },
    { id: 'members-week', name: 'Members’ week', tiers: ['silver'], starts: shopDay(-1), ends: shopDay(3), percent: 300 },
    { id: 'gold-only', name: 'Gold day', tiers: ['gold'], starts: shopDay(-1), ends: shopDay(1), percent: 200 },
  ];
  const put = await fetch(`${real.api}/api/v1/admin/shops/${SHOP}/program`, { method: 'PUT',
    headers: { Authorization: `Bearer ${API_KEY}`, 'Content-Type': 'application/json' }, body: JSON.stringify(program) });
  assert.equal(put.status, 200, await put.text());
  await new Promise((r) => setTimeout(r, 1100));  // the server's program cache

  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 320, height: 700 });
  await page.goto(`${real.shopOrigin}/?customer=alice`);  // silver (610 EUR spent this year)
  await page.locator('loyalty-widget .launcher[data-balance]').waitFor({ timeout: 15000 });
  await page.click('loyalty-widget .launcher');
  const section = page.locator('loyalty-widget [part=member-events]');
  await section.waitFor({ timeout: 15000 });

  const shown = await page.evaluate(() => {
    const root = document.querySelector('loyalty-widget').shadowRoot;
    const s = root.querySelector('[part=member-events]');
    const tote = root.querySelector('li[data-reward="ten-off"]');
    return {
      heading: s.querySelector('h3').textContent,
      events: [...s.querySelectorAll('li')].map((li) => ({ id: li.dataset.event, part: li.getAttribute('part'),
        name: li.querySelector('.name').textContent, detail: li.querySelector('.detail').textContent })),
      markup: s.querySelectorAll('img, b').length,
      fits: s.scrollWidth <= s.clientWidth && document.documentElement.scrollWidth <= 320,
      tote: { disabled: tote.querySelector('button[part=redeem-button]').disabled, detail: tote.querySelector('.detail').textContent },
    };
  });
  const day = (d) => new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.parse(d + 'T00:00:00Z'));
  const time = (d, t) => new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })
    .format(Date.parse(`${d}T${t}:00Z`));
  assert.equal(shown.heading, 'Member events');
  // Gold day is for gold members only; the week (on now) comes before the night (upcoming).
  assert.deepEqual(shown.events.map((e) => [e.id, e.part]), [['members-week', 'member-event current'], ['silver-night', 'member-event']]);
  assert.equal(shown.events[0].name, 'On now: Members’ week');
  assert.equal(shown.events[0].detail, `Last day ${day(shopDay(2))} · 3× points on every order`);
  assert.equal(shown.events[1].name, hostile);  // as text, never markup
  assert.equal(shown.events[1].detail, `Starts ${time(shopDay(2), '18:00')} · 2× points on every order · Early access to €10 off`);
  assert.equal(shown.markup, 0);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.ok(shown.fits, 'the section fits 320 px');
  // Nobody may redeem the early-access reward before the night, whatever the balance.
  assert.equal(shown.tote.disabled, true);
  assert.match(shown.tote.detail, /Early access for event members first/);

  // The same program in Romanian.
  await page.evaluate(() => { document.querySelector('loyalty-widget').setAttribute('locale', 'ro'); });
  await page.locator('loyalty-widget [part=member-events] h3', { hasText: 'Evenimente pentru membri' }).waitFor({ timeout: 15000 });
  await page.close();
});
