import { h } from '../../shared/dom.js';
import { LoyaltyComponent } from '../../shared/component.js';
import { nowSeconds, stateOf } from '../../shared/runtime.js';
import css from './loyalty-cart.styles.js';

/**
 * <loyalty-cart>: the points this cart earns, what the shopper can spend on
 * it and save, rewards usable now (redeem returns a code), and nudges
 * ("Spend €12.00 more for free shipping / to reach Gold").
 *
 * @attr cart - the cart as JSON ({currency, lines:[{id, product_id, quantity, unit_price, collections, tags}], shipping, tax});
 *   or set the `cart` property on the element
 * @attr api, shop, customer, signature, locale, currency (used when the cart has none)
 * @event loyalty:redeemed - {code, rewardId, points, value}: a reward was redeemed; apply the code to the cart
 * @csspart base, earn, spend, rewards, reward, redeem-button, code-box, code, copy-button, nudges, nudge, status
 * @cssproperty --loyalty-cart-height - reserved height (default 144px)
 * @cssproperty --loyalty-accent, --loyalty-surface, --loyalty-border, --loyalty-radius, --loyalty-font
 */
export default class LoyaltyCart extends LoyaltyComponent {
  constructor(host) {
    super(host, css, { quotes: true });
    this.status = h('p', { class: 'status', part: 'status', attrs: { role: 'status' } });
    this.codeSlot = h('div', { hidden: true });
    this.body = h('div', { class: 'body' });
    this.root.replaceChildren(h('div', { class: 'root', part: 'base' }, this.body, this.codeSlot, this.status));
    // A `cart` property set before the upgrade lands on the host: take it.
    if (Object.prototype.hasOwnProperty.call(host, 'cart')) {
      const v = host.cart;
      delete host.cart;
      this.cartValue = v;
    }
    Object.defineProperty(host, 'cart', {
      configurable: true,
      get: () => this.cart(),
      set: (v) => { this.cartValue = v; this.schedule(); },
    });
  }

  cart() {
    let c = this.cartValue;
    if (c == null) {
      try { c = JSON.parse(this.attr('cart') || 'null'); } catch { c = null; }
    }
    if (!c || !Array.isArray(c.lines)) return null;
    const currency = c.currency || this.attr('currency') || this.loadedProgram?.currency;
    return { ...c, currency };
  }

  async render() {
    const cart = this.cart();
    const { t } = this.l10n;
    if (!this.ready || !cart) {
      this.body.replaceChildren(h('p', { class: 'muted', text: this.shop?.status === 'error' ? t.unavailable : t.loading }));
      return;
    }
    // Names come from the server's normalised program only (null until it is in: a re-render follows).
    const program = this.shop.program;
    const state = stateOf(this.session);
    const shown = await this.shop.pointsShown(this);
    const q = await this.ask(this.core.quoteCart(this.programKey, state, cart, nowSeconds()));
    if (!q) return;  // a newer render answers instead
    if (!q.ok) {
      this.body.replaceChildren(h('p', { class: 'muted', text: t.unavailable }));
      this.body.setAttribute('data-error', q.error);
      return;
    }
    const quote = q.value;
    const money = (minor) => this.money(minor);
    const bold = (template, value, ...rest) => {
      const [a, b] = template('\u0000', ...rest).split('\u0000');
      return [a, h('strong', { text: value }), b];
    };
    // An experiment's control sees no points earned (redeeming stays).
    const parts = [];
    if (shown) parts.push(h('p', { class: 'earn', part: 'earn', attrs: { 'data-points': quote.points } },
      bold(t.cartEarns, this.l10n.points(quote.points))));

    if (state) {
      if (quote.spendable.points > 0)
        parts.push(h('p', { class: 'spend', part: 'spend', attrs: { 'data-points': quote.spendable.points } },
          t.cartSpend(this.l10n.points(quote.spendable.points), money(quote.spendable.saves.amount))));
      // The one reward the core's quote names for this cart (spendable.reward_id:
      // the one that saves most, never cashback; the panel lists them all); one
      // row keeps the element inside its reserved height.
      const usable = quote.rewards.filter((r) => r.reward_id === quote.spendable.reward_id);
      if (usable.length) {
        parts.push(h('ul', { class: 'rewards', part: 'rewards', attrs: { 'aria-label': t.useReward } }, usable.map((opt) => {
          const reward = program?.rewards.find((r) => r.id === opt.reward_id);
          if (!reward) return null;
          const points = opt.cost;  // the core's: for a variable reward, the most this cart and balance can use
          const button = h('button', { type: 'button', part: 'redeem-button', text: t.redeem,
            attrs: { 'aria-label': t.redeemFor(this.l10n.nameOf(program, 'rewards', reward)), 'data-reward': reward.id } });
          // The redeeming code (request, code box, errors) loads on the first click: it is not
          // part of the cart page's first view (web/README.md, page weight).
          button.addEventListener('click', () => import('../../shared/rewards.js')
            .then((m) => m.redeem(this, reward, points, button, this.status, this.codeSlot), () => { this.status.textContent = t.networkRetry; }));
          return h('li', { class: 'reward', part: 'reward' },
            h('span', {}, this.l10n.nameOf(program, 'rewards', reward), h('span', { class: 'muted', text: ` · ${this.l10n.points(points)} · ${money(opt.saves)}` })),
            button);
        })));
      }
    } else if (this.session === null) {
      parts.push(h('p', { class: 'muted', text: t.cartSignIn }));
    }

    const nudges = quote.nudges.map((n) => {
      const amount = money(n.amount.amount);
      if (n.kind === 'free_shipping') return h('li', { part: 'nudge', text: t.nudgeShipping(amount) });
      if (!program) return null;  // named once the server's program is in
      const tier = program.tiers.find((x) => x.id === n.target);
      return h('li', { part: 'nudge', text: t.nudgeTier(amount, tier ? this.l10n.nameOf(program, 'tiers', tier) : n.target) });
    }).filter(Boolean);
    if (nudges.length) parts.push(h('ul', { class: 'nudges', part: 'nudges' }, nudges));

    // Keep focus where it was if the focused button is rebuilt.
    const focused = this.root.activeElement?.getAttribute?.('data-reward');
    this.body.replaceChildren(...parts);
    this.body.removeAttribute('data-error');
    if (focused) this.body.querySelector(`[data-reward="${CSS.escape(focused)}"]`)?.focus();
  }
}
