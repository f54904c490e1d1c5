// The JS API over the wasm core: results as values, nothing thrown, field
// errors by JSON Pointer, the program cache, quotes from a server state.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, test } from 'node:test';
import { pathToFileURL } from 'node:url';

import { makeCase, rng } from './generate.mjs';
import { loadCore, root, wasmDir } from './load-core.mjs';

let core;        // the widget's build: quotes from the server's state
let ledgerCore;  // the build that also replays a customer's ledger
const fashion = fs.readFileSync(path.join(root, 'examples/fashion-store.json'), 'utf8');
const NOW = '2026-11-28T19:00:00Z';
// The widget's build reads no time strings (the widget passes epoch seconds): it is given these.
const SECONDS = Date.parse(NOW) / 1000;
before(async () => { core = await loadCore(); ledgerCore = await loadCore('ledger'); });

test('bindings: validateProgram names each bad field by JSON Pointer', () => {
  const ok = core.validateProgram(fashion);
  assert.equal(ok.ok, true);
  assert.equal(ok.value.shop, 'atelier-nord');
  const bad = JSON.parse(fashion);
  bad.tiers[1].threshold = 10;
  bad.earn.points = -5;
  const r = core.validateProgram(bad);
  assert.equal(r.ok, false);
  const pointers = r.errors.map((e) => e.pointer);
  assert.ok(pointers.includes('/earn/points'), pointers.join());
  assert.ok(pointers.includes('/tiers/1/threshold'), pointers.join());
  assert.match(r.error, /\/earn\/points: /);
});

test('bindings: translations of the shop\'s names by language and JSON Pointer; a pointer at anything else is refused by name', () => {
  const p = JSON.parse(fashion);
  assert.equal(p.translations.ro['/rewards/1/name'], 'Livrare gratuită', 'the example carries translations');
  assert.equal(core.validateProgram(p).ok, true);
  p.translations = {
    ro: { '/rewards/9/name': 'x', '/currency': 'EUR', '/tiers/0/perks/0': 5, '/name': '', '/tiers/0/perks/0/x': 'y', 'name': 'z' },
    EN_us: { '/name': 'a' },
    'zh-Hant': { '/tiers/2/perks/2': '免費修改', '/campaigns/1/name': '週末加碼' },
  };
  // The full check is the server's (and the ledger build's); the widget's
  // build reads only what quoting needs and leaves translations to the JS.
  assert.equal(core.validateProgram(p).ok, true);
  const r = ledgerCore.validateProgram(p);
  assert.equal(r.ok, false);
  const byPointer = Object.fromEntries(r.errors.map((e) => [e.pointer, e.message]));
  assert.deepEqual(Object.keys(byPointer).sort(), ['/translations/EN_us', '/translations/ro/name', '/translations/ro/~1currency',
    '/translations/ro/~1name', '/translations/ro/~1rewards~19~1name', '/translations/ro/~1tiers~10~1perks~10',
    '/translations/ro/~1tiers~10~1perks~10~1x'].sort());
  assert.match(byPointer['/translations/EN_us'], /language tag/);
  assert.match(byPointer['/translations/ro/~1currency'], /name or a perk/);
  assert.match(byPointer['/translations/ro/~1name'], /must not be empty/);
  assert.match(byPointer['/translations/ro/~1tiers~10~1perks~10'], /must be a string/);
});

test("bindings: the widget's build checks what quoting reads as the server does, and no more", () => {
  const bad = JSON.parse(fashion);
  bad.earn.points = -5;
  bad.campaigns[0].ends_at = bad.campaigns[0].starts_at;
  bad.actions[0].type = 'dance';
  bad.referral.referrer = 'x';
  const full = ledgerCore.validateProgram(bad).errors.map((e) => e.pointer);
  const store = core.validateProgram(bad).errors.map((e) => e.pointer);
  assert.deepEqual(store, ['/earn/points', '/campaigns/0/ends_at']);
  assert.deepEqual(full, ['/earn/points', '/campaigns/0/ends_at', '/actions/0/type', '/referral/referrer']);
  // The server's words; the widget's build names the field with the code "invalid" (it never shows them).
  assert.deepEqual(ledgerCore.validateProgram(bad).errors.slice(0, 2).map((e) => e.message), ['must be at least 0', 'must be after /campaigns/0/starts_at']);
  assert.deepEqual(core.validateProgram(bad).errors.map((e) => e.message), ['invalid', 'invalid']);
  assert.equal(core.validateProgram(bad).error, '/earn/points: invalid\n/campaigns/0/ends_at: invalid');
  // Unknown top-level fields are refused by both.
  assert.equal(core.validateProgram({ ...JSON.parse(fashion), bogus: 1 }).errors[0].pointer, '/bogus');
});

test('bindings: hostile input comes back as an error value, never a throw', () => {
  const inputs = ['', 'not json', '{', '[]', 'null', '"x"', '['.repeat(10000), '{"a":' + '1'.repeat(400) + '}',
    '\u0000', JSON.stringify({ shop: 'x'.repeat(100000) })];
  for (const s of inputs) {
    for (const r of [core.validateProgram(s), core.quoteCart(s, s, s, SECONDS), core.quoteProduct(fashion, s, s, SECONDS),
      ledgerCore.customerSummary(fashion, s, s, NOW), core.quoteCart(fashion, null, s, SECONDS)]) {
      assert.equal(typeof r.ok, 'boolean');
      if (!r.ok) assert.equal(typeof r.error, 'string');
    }
  }
  for (const now of [NaN, Infinity, 1.5, 1e20, -1e20]) {
    const r = core.quoteProduct(fashion, null, { product_id: 'p', unit_price: 100 }, now);
    assert.equal(r.ok, false);
    assert.equal(r.errors[0].pointer, '/now');
  }
  // Still alive after all that.
  assert.equal(core.validateProgram(fashion).ok, true);
});

test('bindings: text crosses into the core and back as exact UTF-8, a NUL included', () => {
  const name = 'Café ☕ 𝄞 \u2028 北欧';
  const program = { ...JSON.parse(fashion), name };
  const v = core.validateProgram(program);
  assert.equal(v.ok, true);
  assert.equal(v.value.name, name);
  const cart = { currency: program.currency, lines: [{ id: 'línea-☕𝄞', product_id: 'p', unit_price: 5000 }] };
  const q = core.quoteCart(program, null, cart, SECONDS);
  assert.equal(q.ok, true);
  assert.equal(q.value.lines[0].line_id, 'línea-☕𝄞');
  // The whole string reaches the core, which refuses a NUL byte wherever it is
  // (some readers stop there: one text must have one meaning).
  const bytes = new TextEncoder().encode(fashion).length;
  const tail = core.validateProgram(fashion + '\u0000 not json');
  assert.equal(tail.ok, false);
  assert.match(JSON.stringify(tail.errors), new RegExp(`NUL byte \\(at byte ${bytes}\\)`));
  assert.equal(core.validateProgram('\u0000' + fashion).ok, false);
});

test('bindings: time strings are read by the core\'s parser, exactly as the CLI reads --now (the ledger build; the widget\'s passes seconds)', () => {
  const product = { product_id: 'p', unit_price: 100 };
  for (const now of ['2026-02-30T10:00:00Z', '2026-11-28T10:00:00', 'Nov 28 2026 10:00 GMT', '2026-11-28T24:00:00Z', '2026-11-28T10:00Z ', '']) {
    const r = ledgerCore.quoteProduct(fashion, null, product, now);
    assert.equal(r.ok, false, now);
    assert.equal(r.errors[0].pointer, '/now', now);
  }
  const text = ledgerCore.quoteProduct(fashion, null, product, '2026-11-28T12:00:00+02:00');
  const seconds = ledgerCore.quoteProduct(fashion, null, product, Date.UTC(2026, 10, 28, 10) / 1000);
  assert.equal(text.ok, true);
  assert.equal(text.json, seconds.json);
  assert.equal(core.quoteProduct(fashion, null, product, NOW).error, 'parseTime is not in this build');
});

test('bindings: quoteProduct equals quoteCart of the same single line', () => {
  const product = { product_id: 'coat', unit_price: 18900, quantity: 2, collections: ['atelier-nord-label'] };
  const state = { balance: 800, pending: 40, tier: { current: 'gold', next: 'platinum', value: 120000 } };
  const a = core.quoteProduct(fashion, state, product, SECONDS);
  const b = core.quoteCart(fashion, state, { currency: 'EUR', lines: [{ id: 'product', ...product }] }, SECONDS);
  assert.equal(a.ok, true);
  assert.equal(a.json, b.json);
  // Gold earns 1.5x and the Black Friday campaign applies: more than the anonymous base.
  const anon = core.quoteProduct(fashion, null, product, SECONDS);
  assert.ok(a.value.points > anon.value.points, `${a.value.points} <= ${anon.value.points}`);
  assert.ok(a.value.reasons.some((x) => x.rule === 'tier:gold'));
  const badLine = core.quoteProduct(fashion, null, { product_id: 'p', unit_price: -1 }, SECONDS);
  assert.equal(badLine.ok, false);
  assert.equal(badLine.errors[0].pointer, '/unit_price');
});

test('bindings: customerSummary without a cart shows balance, pending and tier (not in the widget\'s build, which never calls it)', () => {
  assert.deepEqual(core.customerSummary(fashion, null, null, SECONDS), { ok: false, error: 'customerSummary is not in this build', errors: [] });
  const r = ledgerCore.customerSummary(fashion, { balance: 600, pending: 25, tier: { current: 'silver', next: 'gold', value: 40000, next_threshold: 100000, remaining: 60000 } }, null, NOW);
  assert.equal(r.ok, true);
  assert.equal(r.value.balance, 600);
  assert.equal(r.value.pending, 25);
  assert.equal(r.value.tier.next, 'gold');
  assert.equal(r.value.points, 0);
});

test('bindings: the parsed-program cache is bounded and reused', async () => {
  // The ledger build, the same cache, tells its size (_cachedPrograms); the widget's build leaves that out.
  const { createLoyaltyCore } = await import('../../wasm/loyalty-core.js');
  const { default: factory } = await import(pathToFileURL(path.join(wasmDir, 'loyalty-core-wasm-ledger.js')).href);
  let m;
  const ledger = await createLoyaltyCore(async (o) => (m = await factory({ ...o,
    wasmBinary: fs.readFileSync(path.join(wasmDir, 'loyalty-core-wasm-ledger.wasm')) })));
  const base = JSON.parse(fashion);
  for (let v = 1; v <= 10; v++) assert.equal(ledger.validateProgram({ ...base, version: v }).ok, true);
  assert.equal(m._cachedPrograms(), 4);
  const t0 = performance.now();
  for (let i = 0; i < 200; i++) core.quoteProduct(fashion, null, { product_id: 'p', unit_price: 1000 + i }, SECONDS);
  const perQuote = (performance.now() - t0) / 200;
  console.log(`# quoteProduct with a cached program: ${perQuote.toFixed(3)} ms`);
  assert.ok(perQuote < 5, `${perQuote} ms per quote`);
});

test('bindings: referral codes are checked before any request', () => {
  const made = spawnSync(path.join(root, 'build/cli/loyalty'), ['referral-code', '--make', 'cust-42', '--seed', '7'], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  const code = made.stdout.trim().split(/\s+/)[0];
  const r = core.normalizeReferralCode(code.toLowerCase());
  assert.equal(r.ok, true, r.error);
  assert.equal(r.value.code, code.replace(/-/g, ''));
  const typo = code.replace(/-/g, '').split('');
  [typo[1], typo[2]] = [typo[2], typo[1]];
  if (typo[1] !== typo[2]) assert.equal(core.normalizeReferralCode(typo.join('')).ok, false);
});

test('bindings: rewardValue is the core\'s exact value of a variable reward\'s points, and names a bad input', () => {
  const p = JSON.parse(fashion);
  p.rewards.push({ id: 'slide', name: 'Slide', kind: 'variable', points_step: 50, amount_per_step: 33, min_points: 100, max_points: 1000 });
  assert.equal(core.rewardValue(p, 'slide', 350).value, 231);  // 7 steps of 33
  assert.equal(core.rewardValue(p, 'slide', 375).errors[0].pointer, '/points');   // not a whole step
  assert.equal(core.rewardValue(p, 'slide', 50).errors[0].pointer, '/points');    // below min_points
  assert.equal(core.rewardValue(p, 'slide', 1050).errors[0].pointer, '/points');  // above max_points
  assert.equal(core.rewardValue(p, 'slide', 1.5).errors[0].pointer, '/points');
  assert.equal(core.rewardValue(p, 'slide', NaN).errors[0].pointer, '/points');
  assert.equal(core.rewardValue(p, p.rewards[0].id, 100).errors[0].pointer, '/reward_id');
  assert.equal(core.rewardValue(p, 'nope', 100).errors[0].pointer, '/reward_id');
});

// The panel's points picker asks this with /me's state: which picks the balance allows is the core's answer.
test('bindings: rewardValue with the server\'s state refuses a pick above its balance, as redeem options bound it', () => {
  const p = JSON.parse(fashion);
  p.rewards.push({ id: 'slide', name: 'Slide', kind: 'variable', points_step: 50, amount_per_step: 33, min_points: 100, max_points: 1000 });
  const state = { balance: 420 };
  assert.equal(core.rewardValue(p, 'slide', 400, state).value, 264);  // within the balance: 8 steps of 33
  const over = core.rewardValue(p, 'slide', 450, state);              // a whole step within max_points, above the balance
  assert.equal(over.ok, false);
  assert.equal(over.errors[0].pointer, '/points');
  assert.equal(core.rewardValue(p, 'slide', 375, state).errors[0].pointer, '/points');  // the reward's own bounds still hold
  assert.equal(core.rewardValue(p, 'slide', 450).value, 297, 'without a state: the reward\'s bounds only');
  assert.equal(core.rewardValue(p, 'slide', 450, '{"balance":').ok, false, 'a state that does not parse is refused');
  // The same bound as the core's redeem options (/me's `most`) for every balance and pick.
  for (let balance = 0; balance <= 1100; balance += 70) {
    const most = Math.min(Math.floor(balance / 50) * 50, 1000);
    for (let points = 50; points <= 1100; points += 50) {
      const valid = points >= 100 && points <= 1000 && points <= most;
      assert.equal(core.rewardValue(p, 'slide', points, { balance }).ok, valid, `balance ${balance}, ${points} points`);
    }
  }
});

test('bindings: a quote from the server state equals the native quote from the ledger', () => {
  // The widget quotes with the state the server sends (to_json(CustomerState));
  // the server awards from the ledger. Both must agree on points.
  const cli = path.join(root, 'build/cli/loyalty');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loyalty-state-'));
  const r = rng(99);
  let compared = 0;
  for (let i = 0; i < 60; i++) {
    const c = makeCase(r, i);
    if (core.validateProgram(c.program).ok === false || !c.customer.ledger) continue;
    fs.writeFileSync(path.join(dir, 'p.json'), JSON.stringify(c.program));
    fs.writeFileSync(path.join(dir, 'l.jsonl'), c.customer.ledger.map((e) => JSON.stringify(e)).join('\n') + '\n');
    fs.writeFileSync(path.join(dir, 'c.json'), JSON.stringify({ ...c.customer, ledger: undefined }));
    const st = spawnSync(cli, ['state', '--program', path.join(dir, 'p.json'), '--ledger', path.join(dir, 'l.jsonl'),
      '--customer', path.join(dir, 'c.json'), '--now', c.now], { encoding: 'utf8' });
    if (st.status !== 0) continue;
    const fromLedger = ledgerCore.quoteCart(c.program, c.customer, c.cart, c.now);
    const fromState = core.quoteCart(c.program, st.stdout, c.cart, Date.parse(c.now) / 1000);
    if (!fromLedger.ok) continue;
    assert.equal(fromState.ok, true, fromState.error);
    assert.equal(fromState.json, fromLedger.json, `case ${i}`);
    compared++;
  }
  fs.rmSync(dir, { recursive: true });
  assert.ok(compared >= 20, `only ${compared} cases compared`);
});

test("bindings: the widget's build refuses a ledger with a clear error; the ledger build replays it", () => {
  const customer = { id: 'c1', ledger: [] };
  const product = { product_id: 'p', unit_price: 1000 };
  const r = core.quoteProduct(fashion, customer, product, SECONDS);
  assert.equal(r.ok, false);
  assert.equal(r.errors[0].pointer, '');
  assert.match(r.error, /server's state/);
  assert.equal(ledgerCore.quoteProduct(fashion, customer, product, NOW).ok, true);
  // Anonymous (null or blank) and a state are fine in both.
  for (const who of [null, '', { balance: 0 }]) assert.equal(core.quoteProduct(fashion, who, product, SECONDS).ok, true);
});

test('bindings: a trap in the module becomes an error value and a fresh instance takes over', async () => {
  const { createLoyaltyCore } = await import('../../wasm/loyalty-core.js');
  let instances = 0;
  const factory = async () => {
    const n = ++instances;
    return {
      _loadProgram: () => {
        if (n === 1) throw new WebAssembly.RuntimeError('unreachable');
        return '1{"shop":"x"}';
      },
    };
  };
  const c = await createLoyaltyCore(factory);
  const r = c.validateProgram('{}');
  assert.equal(r.ok, false);
  assert.match(r.error, /stopped: unreachable/);
  await c.ready();
  assert.equal(instances, 2);
  assert.deepEqual(c.validateProgram('{}'), { ok: true, value: { key: 2, shop: 'x' }, json: '{"shop":"x"}' });
});

test('bindings: a program is loaded once and quoted by its key; the wasm never sees its text again, and a dropped one is loaded again', async () => {
  // The real widget build, with every raw call's arguments recorded on the way in.
  const { createLoyaltyCore } = await import('../../wasm/loyalty-core.js');
  const { default: realFactory } = await import(pathToFileURL(path.join(wasmDir, 'loyalty-core-wasm.js')).href);
  const sent = [];
  let instances = 0;
  const factory = async (o) => {
    const m = await realFactory({ ...o, wasmBinary: fs.readFileSync(path.join(wasmDir, 'loyalty-core-wasm.wasm')) });
    instances++;
    return new Proxy(m, { get: (t, k) => (typeof t[k] === 'function' && String(k).startsWith('_')
      ? (...args) => { sent.push([k, ...args]); return t[k](...args); } : t[k]) });
  };
  const c = await createLoyaltyCore(factory);
  const product = { product_id: 'p', unit_price: 18900 };
  const loaded = c.loadProgram(fashion);
  assert.equal(loaded.ok, true);
  assert.equal(loaded.value.shop, 'atelier-nord');
  assert.deepEqual(c.loadProgram(fashion), loaded, 'the same text is the same key, parsed once');
  const byKey = c.quoteProduct(loaded.value.key, null, product, SECONDS);
  assert.equal(byKey.ok, true);
  assert.equal(byKey.json, c.quoteProduct(fashion, null, product, SECONDS).json, 'by key or by text: the same quote');
  for (let i = 0; i < 20; i++) c.quoteProduct(loaded.value.key, null, { ...product, unit_price: 1000 + i }, SECONDS);
  const withText = sent.filter((args) => args.includes(fashion));
  assert.deepEqual(withText.map((args) => args[0]), ['_loadProgram'], 'the text crossed once');
  // Four other programs push it out of the wasm's cache: naming its key loads it again from the face.
  for (let v = 1; v <= 4; v++) assert.equal(c.loadProgram({ ...JSON.parse(fashion), version: 100 + v }).ok, true);
  assert.equal(c.quoteProduct(loaded.value.key, null, product, SECONDS).json, byKey.json);
  assert.equal(sent.filter((args) => args.includes(fashion)).length, 2);
  // A key nobody loaded is an error naming the program, not a quote of another one.
  assert.deepEqual(c.quoteProduct(999, null, product, SECONDS).errors, [{ pointer: '/program', message: 'not loaded' }]);
  assert.equal(c.rewardValue(999, 'x', 100).ok, false);
  // A bad program is refused by field and gets no key.
  const bad = c.loadProgram({ ...JSON.parse(fashion), currency: 'euro' });
  assert.equal(bad.ok, false);
  assert.equal(bad.errors[0].pointer, '/currency');
  assert.equal(instances, 1);
});
