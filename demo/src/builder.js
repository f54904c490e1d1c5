// The program builder: a form over the program JSON. Every keystroke is
// validated by the core in wasm; each error is shown next to the field its
// JSON Pointer names. A valid program goes straight into the real widget
// beside the form (through a preview endpoint answered in this page).
import { config, core, h, initLanguage, onLocale, session, t, money } from './common.js';
import { CATALOG, lineOf } from './catalog.js';
import { snippetHtml, signingExamples } from './snippet.js';
import { experimentForm } from './experiment-form.js';

// The zone picker: IANA names with their POSIX rules as the system's tz data
// has them (the last line of each TZif file). The core needs the rule to
// preview in the browser; the server fills it itself for a bare name.
const ZONES = {
  'UTC': 'UTC0',
  'Europe/London': 'GMT0BST,M3.5.0/1,M10.5.0',
  'Europe/Berlin': 'CET-1CEST,M3.5.0,M10.5.0/3',
  'Europe/Bucharest': 'EET-2EEST,M3.5.0/3,M10.5.0/4',
  'America/New_York': 'EST5EDT,M3.2.0,M11.1.0',
  'America/Chicago': 'CST6CDT,M3.2.0,M11.1.0',
  'America/Denver': 'MST7MDT,M3.2.0,M11.1.0',
  'America/Los_Angeles': 'PST8PDT,M3.2.0,M11.1.0',
  'America/Sao_Paulo': '<-03>3',
  'Asia/Kolkata': 'IST-5:30',
  'Asia/Shanghai': 'CST-8',
  'Asia/Taipei': 'CST-8',
  'Asia/Tokyo': 'JST-9',
  'Australia/Sydney': 'AEST-10AEDT,M10.1.0,M4.1.0/3',
  'Australia/Lord_Howe': '<+1030>-10:30<+11>-11,M10.1.0,M4.1.0',
  'Pacific/Auckland': 'NZST-12NZDT,M9.5.0,M4.1.0/3',
};

// ---- the form's fields, by JSON Pointer -------------------------------------
const SECTIONS = [
  { title: 'general', fields: [['/name', 'programName', 'text'], ['/currency', 'currency', 'text'],
    ['/time_zone', 'timeZone', Object.keys(ZONES)]] },
  { title: 'earning', fields: [['/earn/points', 'earnPoints', 'int'], ['/earn/per_amount', 'perAmount', 'int'],
    ['/earn/rounding', 'rounding', ['floor', 'ceil', 'half_up', 'half_even']]] },
  { title: 'exclusions', fields: [['/earn/basis/after_discounts', 'afterDiscounts', 'bool'], ['/earn/basis/exclude_tax', 'excludeTax', 'bool'],
    ['/earn/basis/exclude_shipping', 'excludeShipping', 'bool'], ['/earn/basis/exclude_gift_cards', 'excludeGiftCards', 'bool'],
    ['/earn/basis/excluded/tags', 'excludedTags', 'list']] },
  { title: 'rewards', list: '/rewards', fields: [['id', 'id', 'text'], ['name', 'name', 'text'],
    ['kind', 'kind', ['fixed_discount', 'percent_discount', 'free_shipping', 'free_product', 'variable', 'cashback']],
    ['cost', 'cost', 'int'], ['amount', 'amount', 'int'], ['percent', 'percent', 'int'], ['min_order', 'minOrder', 'int']] },
  { title: 'tiers', list: '/tiers', fields: [['id', 'id', 'text'], ['name', 'name', 'text'], ['threshold', 'threshold', 'int'],
    ['multiplier_percent', 'multiplier', 'int'], ['entry_reward', 'entryReward', 'int']] },
  { title: 'actions', list: '/actions', fields: [['type', 'type', ['signup', 'birthday', 'profile_completed', 'newsletter', 'review',
    'photo_review', 'qa', 'social_follow', 'social_share', 'site_visit', 'email_click', 'receipt_upload']], ['name', 'name', 'text'],
    ['points', 'points', 'int'], ['limits/per_day', 'perDay', 'int'], ['limits/per_month', 'perMonth', 'int'],
    ['limits/lifetime', 'lifetime', 'int'], ['self_claimed', 'selfClaimed', 'bool']] },
  { title: 'campaigns', list: '/campaigns', fields: [['id', 'id', 'text'], ['name', 'name', 'text'], ['starts_at', 'startsAt', 'text'],
    ['ends_at', 'endsAt', 'text'], ['percent', 'percent', 'int'], ['bonus_points', 'bonusPoints', 'int']] },
  { title: 'referral', fields: [['/referral/enabled', 'enabled', 'bool'], ['/referral/referrer/amount', 'referrerAmount', 'int'],
    ['/referral/referee/amount', 'refereeAmount', 'int'], ['/referral/min_order', 'minOrder', 'int'],
    ['/referral/max_per_referrer', 'maxPerReferrer', 'int']] },
  { title: 'lifecycle', fields: [['/lifecycle/pending_days', 'pendingDays', 'int'],
    ['/lifecycle/expiry', 'expiry', ['never', 'after_earning', 'after_inactivity']], ['/lifecycle/expiry_days', 'expiryDays', 'int']] },
];
const THEME = { accent: '#1f5f4a', surface: '#ffffff', text: '#1d232b' };

// ---- JSON Pointer helpers ----------------------------------------------------
const parts = (ptr) => ptr.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
function get(obj, ptr) { let o = obj; for (const k of parts(ptr)) { if (o == null) return undefined; o = o[k]; } return o; }
function set(obj, ptr, value) {
  const ks = parts(ptr);
  let o = obj;
  for (const k of ks.slice(0, -1)) {
    if (o[k] == null || typeof o[k] !== 'object') {
      if (value === undefined) return;   // clearing a field never creates its parents
      o[k] = {};
    }
    o = o[k];
  }
  if (value === undefined) delete o[ks.at(-1)]; else o[ks.at(-1)] = value;
}

// ---- state -------------------------------------------------------------------
let base = null;            // the program loaded (the form edits a copy; fields it has no input for are kept)
let lists = {};             // list pointer -> number of rows
let cfg = null;
let identity = null;
let coreApi = null;
let previewText = '';
let previewRev = 0;
let lastValid = null;

const form = document.getElementById('program');
const status = document.getElementById('status');
const otherErrors = document.getElementById('other-errors');

function input(ptr, label, type) {
  const id = 'f' + ptr.replace(/[^a-z0-9]+/gi, '-');
  let el;
  if (Array.isArray(type)) {
    el = h('select', { id }, type.map((v) => h('option', { value: v, text: v })));
    el.append(h('option', { value: '', text: '—' }));
  } else if (type === 'bool') el = h('input', { id, type: 'checkbox' });
  else el = h('input', { id, type: type === 'int' ? 'number' : 'text', inputmode: type === 'int' ? 'numeric' : null, step: type === 'int' ? '1' : null });
  el.dataset.pointer = ptr;
  el.dataset.kind = Array.isArray(type) ? 'enum' : type;
  const err = h('p', { class: 'field-error', id: id + '-error', hidden: true });
  el.setAttribute('aria-describedby', err.id);
  const wrap = h('div', { class: type === 'bool' ? 'field check' : 'field', dataset: { for: ptr } },
    h('label', { for: id, dataset: { i18n: label }, text: t(label) }), el, err);
  if (type === 'bool') wrap.prepend(el);
  return wrap;
}

function fill(el, value) {
  const kind = el.dataset.kind;
  if (kind === 'bool') { el.checked = !!value; el.dataset.had = value === undefined ? '' : '1'; return; }
  if (kind === 'list') { el.value = Array.isArray(value) ? value.join(', ') : ''; return; }
  el.value = value == null ? '' : String(value);
}

function read(el) {
  const kind = el.dataset.kind;
  const v = el.value.trim();
  if (kind === 'bool') return el.checked || el.dataset.had || el.dataset.touched ? el.checked : undefined;
  if (kind === 'list') return v === '' ? undefined : v.split(',').map((s) => s.trim()).filter(Boolean);
  if (v === '') return undefined;
  if (kind === 'int') return Number(v);   // 1.5 or 1e3 go to the core as they are: it says what is wrong
  return v;
}

function render(program) {
  base = structuredClone(program);
  lists = {};
  form.replaceChildren();
  for (const s of SECTIONS) {
    const fs = h('fieldset', { dataset: { pointer: s.list || '' } }, h('legend', { dataset: { i18n: s.title }, text: t(s.title) }));
    if (!s.list) {
      for (const [ptr, label, type] of s.fields) {
        const w = input(ptr, label, type);
        fill(w.querySelector('[data-pointer]'), get(program, ptr));
        fs.append(w);
      }
    } else {
      const items = Array.isArray(get(program, s.list)) ? get(program, s.list) : [];
      lists[s.list] = items.length;
      const rows = h('div', { class: 'rows' });
      const addRow = (item, i) => {
        const row = h('div', { class: 'row', dataset: { pointer: `${s.list}/${i}` } });
        for (const [rel, label, type] of s.fields) {
          const w = input(`${s.list}/${i}/${rel}`, label, type);
          fill(w.querySelector('[data-pointer]'), get(item, '/' + rel));
          row.append(w);
        }
        row.append(h('p', { class: 'field-error row-error', hidden: true }));
        row.append(h('button', { type: 'button', class: 'link', dataset: { i18n: 'remove' }, text: t('remove'),
          on: { click: () => { const p = current(); p[s.list.slice(1)].splice(i, 1); render(p); update(); } } }));
        rows.append(row);
      };
      items.forEach(addRow);
      fs.append(rows, h('button', { type: 'button', dataset: { i18n: 'add' }, text: t('add'),
        on: { click: () => { const p = current(); (p[s.list.slice(1)] ||= []).push({}); render(p); update(); } } }));
    }
    fs.append(h('p', { class: 'field-error section-error', hidden: true }));
    form.append(fs);
  }
  form.append(translationsFieldset(program));
  // Theme and language: how the widget looks on the merchant's pages (embed settings, not the program).
  const theme = h('fieldset', {}, h('legend', { dataset: { i18n: 'theme' }, text: t('theme') }));
  for (const [k, label] of [['accent', 'accent'], ['surface', 'surface'], ['text', 'text']]) {
    const el = h('input', { id: 'theme-' + k, type: 'color', value: THEME[k], dataset: { theme: k } });
    theme.append(h('div', { class: 'field' }, h('label', { for: el.id, dataset: { i18n: label }, text: t(label) }), el));
  }
  const loc = h('select', { id: 'widget-locale' }, ['en', 'zh-Hant', 'zh-Hans', 'ro'].map((v) => h('option', { value: v, text: v })));
  loc.value = document.documentElement.lang || 'en';
  theme.append(h('div', { class: 'field' }, h('label', { for: 'widget-locale', dataset: { i18n: 'widgetLocale' }, text: t('widgetLocale') }), loc));
  form.append(theme);
}

// ---- the shop's names in the widget's other languages (the program's "translations") ----
const OTHER_LANGUAGES = ['ro', 'zh-Hant', 'zh-Hans'];
const escapePointer = (key) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** [pointer, text] of every name and perk the program shows shoppers. */
function translatableTexts(program) {
  const out = typeof program.name === 'string' ? [['/name', program.name]] : [];
  for (const list of ['rewards', 'tiers', 'actions', 'campaigns', 'multipliers', 'memberships']) {
    (Array.isArray(program[list]) ? program[list] : []).forEach((item, i) => {
      if (item && typeof item.name === 'string') out.push([`/${list}/${i}/name`, item.name]);
      if (item && Array.isArray(item.perks)) item.perks.forEach((perk, j) => { if (typeof perk === 'string') out.push([`/${list}/${i}/perks/${j}`, perk]); });
    });
  }
  return out;
}

/** One field per language and text, bound to /translations/<lang>/<pointer>; empty = the shop's own text. */
function translationsFieldset(program) {
  const fs = h('fieldset', { dataset: { pointer: '/translations' } }, h('legend', { dataset: { i18n: 'translations' }, text: t('translations') }));
  for (const lang of OTHER_LANGUAGES) {
    for (const [ptr, text] of translatableTexts(program)) {
      const pointer = `/translations/${lang}/${escapePointer(ptr)}`;
      const w = input(pointer, 'translations', 'text');
      const label = w.querySelector('label');
      delete label.dataset.i18n;
      label.textContent = `${lang}: ${text}`;
      fill(w.querySelector('[data-pointer]'), get(program, pointer));
      fs.append(w);
    }
  }
  fs.append(h('p', { class: 'field-error section-error', hidden: true }));
  return fs;
}

/** The program as the form says now. */
function current() {
  const p = structuredClone(base);
  for (const [list, n] of Object.entries(lists)) {
    const old = get(base, list) || [];
    set(p, list, Array.from({ length: n }, (_, i) => structuredClone(old[i] || {})));
  }
  for (const el of form.querySelectorAll('[data-pointer]:is(input, select)')) set(p, el.dataset.pointer, read(el));
  // A picked zone brings its rule and replaces an older fixed offset.
  if (p.time_zone && ZONES[p.time_zone]) { p.time_zone_rule = ZONES[p.time_zone]; delete p.utc_offset_minutes; }
  else if (!p.time_zone) delete p.time_zone_rule;
  // Empty limit objects and referral sides left behind by cleared inputs.
  for (const a of p.actions || []) if (a.limits && !Object.keys(a.limits).length) delete a.limits;
  return p;
}

// ---- validation and errors ---------------------------------------------------
function clearErrors() {
  for (const e of form.querySelectorAll('.field-error')) { e.hidden = true; e.textContent = ''; }
  for (const e of form.querySelectorAll('[aria-invalid]')) e.removeAttribute('aria-invalid');
  otherErrors.replaceChildren();
}

/** Shows one error next to its field, or the nearest row or section, or above the form. */
function showError({ pointer, message }) {
  const el = form.querySelector(`[data-pointer="${CSS.escape(pointer)}"]:is(input, select)`);
  if (el) {
    el.setAttribute('aria-invalid', 'true');
    const box = el.closest('.field').querySelector('.field-error');
    box.textContent = box.textContent ? box.textContent + ' · ' + message : message;
    box.hidden = false;
    return;
  }
  for (let p = pointer; p; p = p.slice(0, p.lastIndexOf('/'))) {
    const holder = form.querySelector(`[data-pointer="${CSS.escape(p)}"]:is(.row, fieldset)`);
    if (holder) {
      const box = holder.querySelector(':scope > .field-error');
      box.textContent = (box.textContent ? box.textContent + ' · ' : '') + `${pointer}: ${message}`;
      box.hidden = false;
      return;
    }
  }
  otherErrors.append(h('li', { text: `${pointer || '/'}: ${message}` }));
}

let timer = 0;
function schedule() { clearTimeout(timer); timer = setTimeout(update, 120); }

function update() {
  if (!coreApi) return;
  const p = current();
  const text = JSON.stringify(p);
  // Checked and written back by the core (to_json, every default filled): the
  // preview serves the draft as the server would serve it once saved.
  const r = coreApi.normalizedProgram(text);
  clearErrors();
  if (!r.ok) {
    const errors = r.errors.length ? r.errors : [{ pointer: '', message: r.error }];
    errors.forEach(showError);
    status.textContent = t('invalid', errors.length);
    status.className = 'status bad';
    form.dataset.valid = 'false';
  } else {
    status.textContent = t('valid');
    status.className = 'status ok';
    form.dataset.valid = 'true';
    lastValid = r.value;
    if (r.json !== previewText) { previewText = r.json; previewRev++; applyPreview(); }
  }
  applyTheme();
  updateSnippet();
}

// ---- the live widget: the program preview is answered inside this page -------
const realFetch = window.fetch.bind(window);
window.fetch = (input, init) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const m = /\/preview\/(\d+)(\/api\/v1\/shops\/[^/?]+)(\/[^?]*)?(\?.*)?$/.exec(url);
  if (m) {
    if (m[3] === '/program')
      return Promise.resolve(new Response(previewText, { status: 200, headers: { 'Content-Type': 'application/json', ETag: `"preview-${m[1]}"` } }));
    // The merchant previews the program, not a visitor's variant of the shop's A/B test: no experiment here.
    if (m[3] === '/experiments') return Promise.resolve(new Response('{"experiments":[]}', { status: 200 }));
    return realFetch(location.origin + m[2] + (m[3] || '') + (m[4] || ''), init);  // /me and the rest: the real server
  }
  return realFetch(input, init);
};

const product = CATALOG[0];
const cartLines = [lineOf(CATALOG[0], 1, 'l1'), lineOf(CATALOG[3], 2, 'l2')];

function applyPreview() {
  const api = `${location.origin}/preview/${previewRev}`;
  const currency = lastValid.currency;
  for (const el of document.querySelectorAll('#preview loyalty-product-points, #preview loyalty-cart, #preview loyalty-widget')) {
    el.setAttribute('shop', cfg.shop);
    if (identity && el.localName !== 'loyalty-product-points') {
      el.setAttribute('customer', identity.customer);
      el.setAttribute('signature', identity.signature);
    }
    el.setAttribute('api', api);
  }
  const pp = document.getElementById('pv-points');
  for (const [k, v] of Object.entries({ 'product-id': product.id, 'variant-id': product.variant, price: String(product.price),
    quantity: '1', collections: product.collections.join(','), tags: product.tags.join(',') })) pp.setAttribute(k, v);
  document.getElementById('pv-cart').cart = { currency, lines: cartLines };
  document.getElementById('pv-name').textContent = product.name;
  document.getElementById('pv-price').textContent = money(product.price, currency, lastValid.minor_digits);
  document.getElementById('pv-cart-lines').replaceChildren(...cartLines.map((l) => {
    const p = CATALOG.find((c) => c.id === l.product_id);
    return h('li', {}, h('span', { text: `${l.quantity} × ${p.name}` }), h('span', { text: money(l.unit_price * l.quantity, currency, lastValid.minor_digits) }));
  }));
}

function themeValues() {
  const v = {};
  for (const el of form.querySelectorAll('[data-theme]')) v[el.dataset.theme] = el.value;
  v.locale = document.getElementById('widget-locale')?.value || 'en';
  return v;
}
function applyTheme() {
  const v = themeValues();
  const preview = document.getElementById('preview');
  preview.style.setProperty('--loyalty-accent', v.accent);
  preview.style.setProperty('--loyalty-surface', v.surface);
  preview.style.setProperty('--loyalty-text', v.text);
  for (const el of preview.querySelectorAll('loyalty-product-points, loyalty-cart, loyalty-widget')) {
    el.setAttribute('data-fixed-locale', '');
    el.setAttribute('locale', v.locale);
  }
}

function updateSnippet() {
  const v = themeValues();
  document.getElementById('snippet').value = snippetHtml({ origin: location.origin, shop: cfg.shop, locale: v.locale, theme: v, product });
}

// ---- buttons -------------------------------------------------------------------
async function loadExample(name) {
  const r = await fetch(`/dist/examples/${name}.json`);
  const p = await r.json();
  p.shop = cfg.shop;   // the server stores programs under the shop that saves them
  render(p);
  update();
}

async function save() {
  const out = document.getElementById('save-status');
  const p = current();
  p.shop = cfg.shop;
  const r = await fetch(`/api/v1/admin/shops/${cfg.shop}/program`, {
    method: 'PUT', headers: { Authorization: `Bearer ${cfg.api_key}`, 'Content-Type': 'application/json' }, body: JSON.stringify(p) });
  const body = await r.json().catch(() => ({}));
  if (r.ok) { out.textContent = t('saved', body.version ?? '?'); out.className = 'ok'; return; }
  out.textContent = `${t('saveFailed')} ${body.error || r.status}`;
  out.className = 'bad';
  clearErrors();
  (body.errors || [{ pointer: body.field || '', message: body.error || String(r.status) }]).forEach(showError);
}

async function copySnippet() {
  const text = document.getElementById('snippet').value;
  try { await navigator.clipboard.writeText(text); } catch {
    const ta = document.getElementById('snippet'); ta.select(); document.execCommand('copy');
  }
  document.getElementById('save-status').textContent = t('copied');
}

// ---- start ----------------------------------------------------------------------
initLanguage();
onLocale(() => { for (const el of form.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n); update(); });
form.addEventListener('input', (e) => { if (e.target.type === 'checkbox') e.target.dataset.touched = '1'; schedule(); });
form.addEventListener('change', schedule);
document.getElementById('save').addEventListener('click', save);
document.getElementById('copy').addEventListener('click', copySnippet);
for (const b of document.querySelectorAll('[data-example]')) b.addEventListener('click', () => loadExample(b.dataset.example));

cfg = await config();
document.getElementById('signing').replaceChildren(...signingExamples({ origin: location.origin, shop: cfg.shop }));
const refreshExperiments = experimentForm(cfg);
onLocale(refreshExperiments);
try { identity = await session(cfg); } catch { identity = null; }
const serverProgram = await fetch(`/api/v1/admin/shops/${cfg.shop}/program`, { headers: { Authorization: `Bearer ${cfg.api_key}` } });
render(serverProgram.ok ? await serverProgram.json() : await (await fetch('/dist/examples/fashion-store.json')).json());
coreApi = await core();
update();
document.body.dataset.ready = 'true';
