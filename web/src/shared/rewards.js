// Rewards shared by the panel and the cart: describing one, redeeming it
// (one idempotency key per attempt, kept across retries) and showing the code.
import { copyText, h } from './dom.js';
import { withRedeemTexts } from '../i18n/en.redeem.js';
import './component.js';  // the elements' shared chunk (component.js says why)

/** "€10.00 off", "15% off", "100 points = €1.00 off"... from the program's reward (the panel's: l10n.percent is localize-more.js's). */
export function describeReward(l10n, reward, program) {
  const k = l10n.t.rewardKind;
  const m = (minor) => l10n.money(minor, program.currency, program.minor_digits);
  switch (reward.kind) {
    case 'fixed_discount': return k.fixed_discount(m(reward.amount));
    case 'percent_discount': return k.percent_discount(l10n.percent(reward.percent));
    case 'free_shipping': return k.free_shipping;
    case 'free_product': return k.free_product(m(reward.product_value));
    case 'variable': return k.variable(l10n.points(reward.points_step), m(reward.amount_per_step));
    case 'cashback': return k.cashback(m(reward.amount));
    default: return '';
  }
}

/**
 * What the shopper reads when a request failed: the translation for its
 * status and field. The server's own (English) text goes to the console.
 */
export function failure(translation, e) {
  const t = withRedeemTexts(translation);
  if (!(e.status > 0 && e.status < 500)) return t.networkRetry;
  console.warn(`loyalty: the server refused (${e.status}${e.field ? ' ' + e.field : ''}): ${e.message}`);
  const r = t.refused;
  if (e.status === 401) return r.session;
  if (e.status === 403) return r.forbidden;
  if (e.status === 409) return r.done;
  return { '/reward_id': r.reward, '/points': r.points, '/action': r.action }[e.field] || r.other;
}

/** The code, read-only and selectable, with Copy. */
export function codeBox(l10n, code, status, key = 'code') {
  const t = withRedeemTexts(l10n.t);
  const input = h('input', { value: code, readOnly: true, part: 'code', class: 'code',
    attrs: { 'aria-label': t.yourCode, spellcheck: 'false', 'data-key': key } });
  const copy = h('button', { type: 'button', class: 'secondary', part: 'copy-button', text: t.copy, on: {
    click: async () => { if (await copyText(code, input)) status.textContent = t.copied; },
  } });
  return h('div', { class: 'code-box', part: 'code-box' },
    h('p', { text: t.redeemed }),
    h('div', { class: 'code-row' }, input, copy));
}

/**
 * Runs one redemption: disables the button, posts with an idempotency key,
 * and on success shows the code (and hands it to `onCode`, so a re-render
 * keeps it) and fires `loyalty:redeemed` from `component`.
 * Returns the server's answer or null.
 */
export async function redeem(component, reward, points, button, status, codeSlot, onCode) {
  const t = withRedeemTexts(component.l10n.t);
  // Busy, not disabled: a disabled button would drop the keyboard focus.
  if (button.getAttribute('aria-busy') === 'true') return null;
  button.setAttribute('aria-busy', 'true');
  button.setAttribute('aria-disabled', 'true');
  const label = button.textContent;
  button.textContent = t.redeeming;
  status.textContent = '';
  try {
    const out = await component.session.redeem(reward.id, reward.kind === 'variable' ? points : undefined);
    if (onCode) onCode(out.code);
    const key = 'code:' + reward.id;
    const box = codeBox(component.l10n, out.code, status, key);
    codeSlot.replaceChildren(box);
    codeSlot.hidden = false;
    // The panel may have re-rendered meanwhile: then it focuses the code itself.
    component.pendingFocus = key;
    if (codeSlot.isConnected) box.querySelector('input').focus();
    component.emit('loyalty:redeemed', { code: out.code, rewardId: out.reward_id, points: out.points, value: out.value });
    return out;
  } catch (e) {
    status.textContent = failure(t, e);
    return null;
  } finally {
    button.removeAttribute('aria-busy');
    button.removeAttribute('aria-disabled');
    button.textContent = label;
  }
}
