import { h } from '../../shared/dom.js';
import { LoyaltyComponent } from '../../shared/component.js';
import { measure, nowSeconds, stateOf } from '../../shared/runtime.js';
import css from './loyalty-product-points.styles.js';

const list = (s) => String(s || '').split(/[,\s]+/).filter(Boolean);

/**
 * <loyalty-product-points>: "Earn 120 points" for a product, quoted by the
 * local wasm core from price, collections and tags, with the shopper's tier
 * and any running campaign. Updates when the variant, price or quantity change.
 *
 * @attr product-id, variant-id, price (minor units), quantity, collections, tags (comma separated)
 * @attr api, shop, customer, signature, locale, currency
 * @csspart base - the line
 * @csspart earn - the text
 * @cssproperty --loyalty-product-height - reserved height (default 25.6px)
 * @cssproperty --loyalty-accent-text - colour of the number
 */
export default class LoyaltyProductPoints extends LoyaltyComponent {
  constructor(host) {
    super(host, css, { quotes: true });
    // Keeps the shell's slot (the page's own first figure, if any) until the core's figure replaces it.
    this.line = h('p', { class: 'earn', part: 'earn', attrs: { 'aria-live': 'polite' } }, this.root.querySelector('slot'));
    this.root.replaceChildren(h('div', { class: 'root', part: 'base' }, this.line));
  }

  product() {
    const price = Number(this.attr('price'));
    if (!this.attr('price') || !Number.isSafeInteger(price) || price < 0) return null;
    const quantity = Number(this.attr('quantity') || 1);
    const p = {
      product_id: this.attr('product-id') || 'product',
      quantity: Number.isSafeInteger(quantity) && quantity > 0 ? quantity : 1,
      unit_price: price,
      collections: list(this.attr('collections')),
      tags: list(this.attr('tags')),
    };
    if (this.attr('variant-id')) p.variant_id = this.attr('variant-id');
    return p;
  }

  /**
   * The name of the biggest bonus, if any ("Black Friday triple points", "Gold bonus"), from
   * the server's normalised program (none until it is in: its arrival re-renders).
   */
  bonusReason(quote, program) {
    if (!program) return '';
    const bonus = new Map();
    for (const r of quote.reasons) if (r.rule !== 'base' && r.points > 0) bonus.set(r.rule, (bonus.get(r.rule) || 0) + r.points);
    const best = [...bonus].sort((a, b) => b[1] - a[1])[0];
    if (!best) return '';
    const [kind, id] = [best[0].slice(0, best[0].indexOf(':')), best[0].slice(best[0].indexOf(':') + 1)];
    const named = (list) => this.l10n.nameOf(program, list, program[list].find((x) => x.id === id));
    if (kind === 'campaign') return named('campaigns');
    if (kind === 'multiplier') return named('multipliers');
    if (kind === 'tier') return this.l10n.t.tierBonus(named('tiers') || id);
    if (kind === 'membership') return named('memberships');
    return '';
  }

  async render() {
    const product = this.product();
    if (!this.ready || !product) {
      // The page's figure stands while the core loads (and if it cannot), not once it refuses the program.
      if (!this.ready && !this.invalid && this.line.querySelector('slot')) return;
      this.line.textContent = '';
      this.line.removeAttribute('data-points');
      return;
    }
    // The page's figure for a signed shopper (their tier's number) stands until their state is in:
    // a quote without it would be a visitor's number, shown and then corrected back.
    if (this.session && this.session.status === 'loading' && this.line.querySelector('slot') && this.host.querySelector(':scope>[data-points]')) return;
    const started = performance.now();
    const shown = await this.shop.pointsShown(this);
    const q = await this.ask(this.core.quoteProduct(this.programKey, stateOf(this.session), product, nowSeconds()));
    if (!q) return;  // a newer render answers instead
    this.line.toggleAttribute('data-hidden', !shown);  // an experiment's control: no points on this page
    if (!shown) return this.line.replaceChildren();
    measure('loyalty:quote-product', started);
    if (!q.ok) {
      this.line.textContent = '';
      this.line.setAttribute('data-error', q.error);
      return;
    }
    const { t } = this.l10n;
    const points = h('strong', { text: this.l10n.points(q.value.points) });
    const reason = this.bonusReason(q.value, this.shop.program);
    // Template with a marker, so the number can be bold without any HTML parsing.
    const text = reason ? t.earnProductBonus('\u0000', reason) : t.earnProduct('\u0000');
    const [before, after] = text.split('\u0000');
    const carried = this.line.querySelector('slot') && this.host.querySelector(':scope>[data-points]');
    if (carried && carried.getAttribute('data-points') !== String(q.value.points))
      console.warn(`loyalty: the page's figure ${carried.getAttribute('data-points')} corrected to the core's ${q.value.points}`);
    this.line.replaceChildren(before, points, after);
    this.line.setAttribute('data-points', String(q.value.points));
    this.line.removeAttribute('data-error');
  }
}
