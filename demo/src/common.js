// Shared by every demo page: the language switcher, the page's own text, the
// demo configuration written by scripts/demo.sh, and the wasm core.
import createFactory from 'loyalty-core-wasm';
import { createLoyaltyCore } from '../../wasm/loyalty-core.js';
import { LOCALES, STRINGS } from './i18n.js';

const STORE_KEY = 'loyalty-demo:locale';

/** The current demo locale: ?lang=, then the saved choice, then the browser's, then English. */
export function currentLocale() {
  const q = new URLSearchParams(location.search).get('lang');
  if (q && LOCALES[q]) return q;
  try { const s = localStorage.getItem(STORE_KEY); if (s && LOCALES[s]) return s; } catch { /* no storage */ }
  const nav = (navigator.language || 'en').toLowerCase();
  if (nav.startsWith('zh')) return /tw|hk|mo|hant/.test(nav) ? 'zh-Hant' : 'zh-Hans';
  if (nav.startsWith('ro')) return 'ro';
  return 'en';
}

let locale = currentLocale();
const listeners = new Set();

/** The translation of `key` (a function for strings with numbers). */
export function t(key, ...args) {
  const v = (STRINGS[locale] && STRINGS[locale][key]) ?? STRINGS.en[key] ?? key;
  return typeof v === 'function' ? v(...args) : v;
}
export const getLocale = () => locale;
export const onLocale = (f) => listeners.add(f);

/** Sets the page language: html[lang], every data-i18n text, every widget's locale. */
export function setLocale(next) {
  locale = LOCALES[next] ? next : 'en';
  try { localStorage.setItem(STORE_KEY, locale); } catch { /* no storage */ }
  document.documentElement.lang = locale;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  for (const el of document.querySelectorAll('loyalty-widget, loyalty-product-points, loyalty-cart'))
    if (!el.hasAttribute('data-fixed-locale')) el.setAttribute('locale', locale);
  const sel = document.getElementById('lang');
  if (sel) sel.value = locale;
  for (const f of listeners) f(locale);
}

/** Fills the language <select id="lang"> and applies the current locale. */
export function initLanguage() {
  const sel = document.getElementById('lang');
  if (sel) {
    for (const [code, name] of Object.entries(LOCALES)) {
      const o = document.createElement('option');
      o.value = code;
      o.textContent = name;
      o.lang = code;
      sel.append(o);
    }
    sel.addEventListener('change', () => setLocale(sel.value));
  }
  setLocale(locale);
}

/** The demo's configuration (scripts/demo.sh writes demo/demo-config.json; demo only). */
export async function config() {
  const r = await fetch(new URL('/demo-config.json', location.href), { cache: 'no-store' });
  if (!r.ok) throw new Error('demo-config.json is missing: start the demo with bash scripts/demo.sh');
  return r.json();
}

/** A signed identity for the demo shopper from the demo shop backend (its own server would do this). */
export async function session(cfg) {
  const r = await fetch(cfg.shop_backend + '/session', { cache: 'no-store' });
  if (!r.ok) throw new Error('the demo shop backend did not answer');
  return r.json();
}

let corePromise = null;
/**
 * The core in wasm through its one JS face (wasm/loyalty-core.js, as the
 * widget uses it): validateProgram and simulate, results as values (never a throw).
 */
export function core() {
  corePromise ||= createLoyaltyCore(createFactory, { locateFile: (f) => new URL(f, import.meta.url).href });
  return corePromise;
}

/**
 * Money from minor units, through Intl, in the page's language. `currency` and
 * `digits` are the program's (the core's normalised program, or a report's own
 * currency): never assumed here, so a JPY or USD shop shows as one.
 */
export function money(minor, currency, digits) {
  return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits })
    .format(minor / 10 ** digits);
}

/**
 * The currency and minor digits of a program text, from the core's normalised
 * program (its defaults: USD, 2 digits), with a formatter in that currency.
 */
export async function programMoney(programText) {
  const n = (await core()).normalizedProgram(programText);
  if (!n.ok) throw new Error(n.error);
  const { currency, minor_digits: digits } = n.value;
  return { currency, digits, format: (minor) => money(minor, currency, digits) };
}
export const number = (n) => new Intl.NumberFormat(locale).format(n);

/** A tiny element builder: text only, never HTML from strings. */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v == null || v === false) continue;
    if (k === 'text') el.textContent = v;
    else if (k === 'on') for (const [ev, f] of Object.entries(v)) el.addEventListener(ev, f);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k in el && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c != null && c !== false) el.append(c);
  return el;
}
