// Seeded generator of programs, customers (with ledgers) and carts for the
// parity test. Mostly valid inputs, with a share of broken ones so that the
// error paths are compared too.

export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = (xs) => xs[int(0, xs.length - 1)];
  const chance = (p) => next() < p;
  const some = (xs, max) => xs.filter(() => chance(max / Math.max(1, xs.length)));
  return { next, int, pick, chance, some };
}

const COLLECTIONS = ['house', 'sale', 'new', 'shoes', 'coffee', 'gear'];
const TAGS = ['organic', 'final-sale', 'gift', 'eco', 'vip'];
const CURRENCIES = [['EUR', 2], ['USD', 2], ['JPY', 0], ['RON', 2], ['TWD', 2], ['KWD', 3]];
const ACTIONS = ['signup', 'birthday', 'review', 'photo_review', 'newsletter', 'social_follow', 'site_visit', 'qa'];
const DAY = 86400;
const iso = (s) => new Date(s * 1000).toISOString().replace('.000Z', 'Z');
const BASE = Date.UTC(2026, 0, 1) / 1000;

function selector(r) {
  const s = {};
  if (r.chance(0.5)) s.collections = r.some(COLLECTIONS, 2);
  if (r.chance(0.4)) s.tags = r.some(TAGS, 1);
  if (r.chance(0.2)) s.products = ['p' + r.int(1, 9)];
  if (!s.collections?.length && !s.tags?.length && !s.products?.length) s.collections = [r.pick(COLLECTIONS)];
  return s;
}

// Zones with daylight saving (and without), as the system's tz data spells
// their rules: the core evaluates the rule itself in both builds.
const ZONES = [
  ['Europe/Bucharest', 'EET-2EEST,M3.5.0/3,M10.5.0/4'],
  ['America/New_York', 'EST5EDT,M3.2.0,M11.1.0'],
  ['Asia/Taipei', 'CST-8'],
  ['Australia/Lord_Howe', '<+1030>-10:30<+11>-11,M10.1.0,M4.1.0'],
  ['America/Santiago', '<-04>4<-03>,M9.1.6/24,M4.1.6/24'],
  ['Europe/Dublin', 'IST-1GMT0,M10.5.0,M3.5.0/1'],
  ['Pacific/Chatham', '<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45'],
];
// Instants near 2026's clock changes (local midnights and the changes themselves).
const CHANGES = ['2026-03-28T22:00:00Z', '2026-03-29T01:00:00Z', '2026-10-24T21:00:00Z', '2026-10-25T01:00:00Z',
  '2026-03-08T05:00:00Z', '2026-03-08T07:00:00Z', '2026-11-01T04:00:00Z', '2026-11-01T06:00:00Z',
  '2026-04-04T13:00:00Z', '2026-04-04T15:00:00Z', '2026-10-03T13:30:00Z', '2026-10-03T15:30:00Z'].map((t) => Date.parse(t) / 1000);

function zone(r) {
  const [time_zone, time_zone_rule] = r.pick(ZONES);
  return { time_zone, time_zone_rule };
}

const earnRule = (r) => ({
  points: r.int(1, 20),
  per_amount: r.pick([1, 100, 250, 1000]),
  rounding: r.pick(['floor', 'ceil', 'half_up', 'half_even']),
  round_per_line: r.chance(0.3),
  basis: {
    after_discounts: r.chance(0.8), exclude_tax: r.chance(0.8), exclude_shipping: r.chance(0.8),
    exclude_gift_cards: r.chance(0.8), ...(r.chance(0.3) ? { excluded: { tags: ['final-sale'] } } : {}),
  },
});

const multipliers = (r) => Array.from({ length: r.int(1, 3) }, (_, k) => ({
  id: 'm' + k, name: 'Multiplier ' + k, applies_to: selector(r), percent: r.pick([0, 50, 150, 200, 300]),
}));

const campaigns = (r, scale) => Array.from({ length: r.int(1, 3) }, (_, k) => {
  const start = BASE + r.int(0, 330) * DAY;
  const c = { id: 'c' + k, name: 'Campaign ' + k, starts_at: iso(start), ends_at: iso(start + r.int(1, 60) * DAY) };
  if (r.chance(0.6)) c.percent = r.pick([150, 200, 300]);
  if (r.chance(0.5) || !c.percent) { c.bonus_points = r.int(5, 500); c.min_spend = r.int(0, 100) * scale; }
  if (r.chance(0.3)) c.weekdays = r.some([0, 1, 2, 3, 4, 5, 6], 3);
  if (r.chance(0.4)) c.applies_to = selector(r);
  return c;
});

const actions = (r) => r.some(ACTIONS, 4).map((type) => {
  const a = { type, name: 'Do ' + type, points: r.int(5, 300) };
  if (['newsletter', 'social_follow', 'site_visit', 'qa'].includes(type) && r.chance(0.5)) {
    a.self_claimed = true;
    a.limits = { per_day: 1, per_month: r.int(1, 10) };
  } else if (r.chance(0.4)) a.limits = { per_day: r.int(1, 3), per_month: r.int(3, 10), cooldown_hours: r.pick([0, 12]) };
  return a;
});

// 1 to 4 tiers with increasing thresholds (the count is drawn again at each
// step, as it always was: the seeds' programs stay the same).
function tierList(r, scale) {
  const tiers = [];
  let threshold = 0;
  for (let k = 0; k < r.int(1, 4); k++) {
    threshold += r.int(1, 500) * (r.chance(0.5) ? scale : 1);
    tiers.push({
      id: ['bronze', 'silver', 'gold', 'platinum'][k], name: ['Bronze', 'Silver', 'Gold', 'Platinum'][k], threshold,
      multiplier_percent: 100 + 25 * k, entry_reward: r.int(0, 3) * 100,
      ...(r.chance(0.4) ? { free_shipping_threshold: r.int(0, 50) * scale } : {}),
      perks: ['Perk ' + k],
    });
  }
  return tiers;
}

const tierRules = (r) => ({
  basis: r.pick(['points_earned', 'amount_spent']),
  window: r.pick(['lifetime', 'calendar_year', 'rolling_12_months']),
  retention_days: r.pick([0, 30, 365]),
});

const REWARD_KINDS = ['fixed_discount', 'percent_discount', 'free_shipping', 'free_product', 'variable', 'cashback'];
function reward(r, k, scale, tiers) {
  const kind = r.pick(REWARD_KINDS);
  const w = { id: 'r' + k, name: 'Reward ' + k, kind };
  if (kind !== 'variable') w.cost = r.int(1, 30) * 50;
  if (kind === 'fixed_discount' || kind === 'cashback') w.amount = r.int(1, 50) * scale;
  if (kind === 'percent_discount') { w.percent = r.int(1, 50); if (r.chance(0.5)) w.max_amount = r.int(1, 100) * scale; }
  if (kind === 'free_product') { w.product_id = 'p' + r.int(1, 9); w.product_value = r.int(1, 40) * scale; }
  if (kind === 'variable') {
    w.points_step = r.pick([1, 10, 100]); w.amount_per_step = r.int(1, 100);
    w.min_points = w.points_step * r.int(0, 10);
    if (r.chance(0.5)) w.max_points = w.min_points + w.points_step * r.int(1, 100);
  }
  if (r.chance(0.3)) w.min_order = r.int(0, 100) * scale;
  if (tiers.length && r.chance(0.3)) w.tiers = [r.pick(tiers).id];
  return w;
}

const membership = (r) => ({
  id: 'plus', name: 'Plus', fee: 999, interval: r.pick(['month', 'year']), multiplier_percent: r.pick([100, 150, 200]),
  join_bonus: r.int(0, 1000), free_shipping: r.chance(0.5), perks: ['Plus perk'],
});

function lifecycle(r) {
  const l = {
    pending_days: r.pick([0, 0, 14, 30]), expiry: r.pick(['never', 'after_earning', 'after_inactivity']),
    expiry_days: r.int(30, 730), negative_balance: r.pick(['hold_as_pending', 'allow_debt']),
  };
  if (l.expiry === 'never') delete l.expiry_days;
  return l;
}

// A win-back offer (bonus points, or a fixed reward at a lower cost): lapsed customers quote with it.
function winBack(r, rewards) {
  const fixed = rewards.filter((w) => w.kind !== 'variable');
  if (fixed.length && r.chance(0.5)) {
    const w = r.pick(fixed);
    return { valid_days: r.int(1, 60), reward_id: w.id, reward_cost: r.int(0, w.cost - 1) };
  }
  return { valid_days: r.int(1, 60), bonus_points: r.int(1, 500) };
}

// One program: each section drawn in a fixed order, so a seed gives the same programs.
export function program(r, i) {
  const [currency, digits] = r.pick(CURRENCIES);
  const scale = 10 ** digits;
  const p = {
    shop: 'shop-' + i,
    name: 'Program ' + i,
    version: r.int(1, 5),
    currency,
    minor_digits: digits,
    ...(r.chance(0.5) ? zone(r) : { utc_offset_minutes: r.pick([0, 60, 120, -300, 480, 330, -420]) }),
    earn: earnRule(r),
  };
  if (r.chance(0.6)) p.multipliers = multipliers(r);
  if (r.chance(0.6)) p.campaigns = campaigns(r, scale);
  p.actions = actions(r);
  let tiers = [];
  if (r.chance(0.6)) {
    tiers = tierList(r, scale);
    p.tier_rules = tierRules(r);
    p.tiers = tiers;
  }
  p.rewards = Array.from({ length: r.int(0, 5) }, (_, k) => reward(r, k, scale, tiers));
  if (r.chance(0.3)) p.memberships = [membership(r)];
  if (r.chance(0.4)) p.lifecycle = lifecycle(r);
  if (r.chance(0.5)) p.free_shipping_threshold = r.int(0, 100) * scale;
  if (r.chance(0.3)) {
    p.churn_days = r.int(5, 120);
    p.win_back = winBack(r, p.rewards);
  }
  return p;
}

export function customer(r, p, now) {
  const c = { id: 'cust-' + r.int(1, 1e6) };
  if (r.chance(0.3)) c.email = c.id + '@example.com';
  if (r.chance(0.3)) c.birthday = `19${r.int(50, 99)}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`;
  const ledger = [];
  let t = now - r.int(30, 700) * DAY;
  const n = r.int(0, 12);
  for (let k = 0; k < n && t < now; k++) {
    t += r.int(0, 60) * DAY + r.int(0, DAY);
    if (t >= now) break;
    const kind = r.pick(['earn', 'earn', 'action', 'redeem', 'adjust', 'membership']);
    if (kind === 'earn') {
      const points = r.int(0, 800), pending = p.lifecycle?.pending_days ? r.int(0, 200) : 0;
      const e = { key: 'earn:o' + k, type: 'earn', at: iso(t), points, tier_points: points + pending, spend: r.int(100, 50000),
        program_version: p.version, order_id: 'o' + k, order_eligible: r.int(100, 50000), order_points: points + pending,
        lines: [{ line_id: '1', quantity: 1, eligible: r.int(100, 50000) }] };
      if (pending) { e.pending = pending; e.matures_at = iso(t + p.lifecycle.pending_days * DAY); }
      ledger.push(e);
    } else if (kind === 'action' && p.actions.length) {
      const a = r.pick(p.actions);
      ledger.push({ key: 'action:a' + k, type: 'action', at: iso(t), points: a.points, tier_points: a.points,
        program_version: p.version, action: a.type });
    } else if (kind === 'redeem' && p.rewards.length) {
      const w = r.pick(p.rewards);
      ledger.push({ key: 'redeem:r' + k, type: 'redeem', at: iso(t), points: -r.int(1, 500), program_version: p.version,
        reward_id: w.id, code: 'CODE' + k, value: r.int(100, 2000) });
    } else if (kind === 'membership' && p.memberships) {
      ledger.push({ key: 'membership:m' + k, type: 'membership', at: iso(t), points: 0, program_version: p.version,
        tier: 'plus', until: iso(t + r.int(10, 400) * DAY) });
    } else {
      ledger.push({ key: 'adjust:j' + k, type: 'adjust', at: iso(t), points: r.int(-100, 500), program_version: p.version,
        note: 'manual' });
    }
  }
  if (ledger.length) c.ledger = ledger;
  return c;
}

export function cart(r, p) {
  const lines = Array.from({ length: r.int(0, 6) }, (_, k) => {
    const quantity = r.int(1, 5);
    const unit_price = r.int(0, 20000);
    const l = { id: 'l' + k, product_id: 'p' + r.int(1, 9), quantity, unit_price };
    if (r.chance(0.5)) l.variant_id = 'v' + r.int(1, 99);
    if (r.chance(0.3)) l.discount = r.int(0, unit_price * quantity);
    if (r.chance(0.7)) l.collections = r.some(COLLECTIONS, 2);
    if (r.chance(0.5)) l.tags = r.some(TAGS, 1);
    if (r.chance(0.1)) l.gift_card = true;
    return l;
  });
  const goods = lines.reduce((s, l) => s + l.unit_price * l.quantity - (l.discount || 0), 0);
  const c = { currency: p.currency, lines };
  if (r.chance(0.3)) c.order_discount = r.int(0, goods);
  if (r.chance(0.5)) c.shipping = r.int(0, 1500);
  if (r.chance(0.5)) c.tax = r.int(0, 3000);
  return c;
}

// One case: {program, customer, cart, now}; `broken` ones carry one defect.
export function makeCase(r, i) {
  const p = program(r, i);
  const nowS = r.chance(0.25) ? r.pick(CHANGES) + r.int(-3 * 3600, 3 * 3600) : BASE + r.int(0, 360) * DAY + r.int(0, DAY - 1);
  const c = customer(r, p, nowS);
  const k = cart(r, p);
  if (r.chance(0.05)) {
    const defect = r.int(0, 4);
    if (defect === 0) p.earn.points = -1;
    if (defect === 1) k.currency = 'XX';
    if (defect === 2 && k.lines.length) k.lines[0].unit_price = 1.5;
    if (defect === 3) delete p.name;
    if (defect === 4) c.ledger = [{ type: 'nonsense' }];
  }
  return { program: p, customer: c, cart: k, now: iso(nowS) };
}
