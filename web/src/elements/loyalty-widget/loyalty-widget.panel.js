import { copyText, focusables, h, safeUrl } from '../../shared/dom.js';
import { sheet } from '../../shared/lazy-element.js';
import { codeBox, describeReward, failure, redeem } from '../../shared/rewards.js';
import { memberEventsSection } from './loyalty-widget.events.js';
import { core, stateOf } from '../../shared/runtime.js';
import { shopZone } from '../../i18n/localize-more.js';  // also the Localizer's dates, lists, percentages
import '../../i18n/en.panel.js';  // the panel's English texts (a page without the panel never loads them)
import css, { panelLayout } from './loyalty-widget.styles.js';
import { winBackSection } from './win-back.js';

/**
 * The rewards panel of <loyalty-widget> (see loyalty-widget.component.js), a
 * real modal dialog: balance and pending points, tier with progress and what
 * the next tier unlocks, rewards to redeem (a copyable code comes back), ways
 * to earn with their limits, the referral code and link (copy, Web Share),
 * recent activity. Anonymous visitors see the program and a sign-in prompt.
 * Its own chunk: a page downloads it when the shopper reaches for the
 * launcher (hover, focus, touch) or opens it, not with every product page.
 */
export default class Panel {
  /** @param {import('./loyalty-widget.component.js').default} widget - the element's component: attributes, shop, session, l10n */
  constructor(widget) {
    this.w = widget;
    this.root.adoptedStyleSheets = [...this.root.adoptedStyleSheets, sheet(css + panelLayout)];
    this.launcher = widget.launcher;
    this.title = h('h2', { id: 'loyalty-title' });
    this.closeButton = h('button', { type: 'button', class: 'close', part: 'close-button', on: { click: () => this.close() } });
    this.content = h('div', { class: 'content' });
    this.status = h('p', { class: 'status', part: 'status', attrs: { role: 'status' } });
    this.dialog = h('dialog', { part: 'panel', attrs: { 'aria-labelledby': 'loyalty-title' } },
      h('div', { class: 'root panel' },
        h('div', { class: 'header' }, this.title, this.closeButton),
        this.content,
        this.status));
    this.dialog.addEventListener('keydown', (e) => this.trapFocus(e));
    this.dialog.addEventListener('close', () => { this.unwatch?.(); this.unwatch = null; this.launcher.focus(); });
    this.root.append(this.dialog);
    this.codes = new Map();  // reward id -> code shown after a redemption (kept across renders)
    this.picks = new Map();  // variable reward id -> points the shopper chose (kept across renders)
    this.history = null;     // activity beyond the first page: {data, older, cursor, shown} for one /me answer
  }

  get root() { return this.w.root; }
  get l10n() { return this.w.l10n; }
  get shop() { return this.w.shop; }
  get session() { return this.w.session; }
  attr(name) { return this.w.attr(name); }
  emit(name, detail) { this.w.emit(name, detail); }
  schedule() { this.w.schedule(); }
  renderNow() { this.w.renderNow(); }

  open() {
    if (this.dialog.open) return;
    this.dialog.showModal();
    this.renderNow();
    this.closeButton.focus();
    if (!this.session) return;
    // Reopened: ask again when the last answer failed or is old; retry in the background while open.
    if (this.session.offline || Date.now() - this.session.savedAt > 30000) this.session.refresh();
    this.unwatch = this.session.watch();
  }

  close() { this.dialog.close(); }

  /** Tab and Shift+Tab cycle inside the dialog. */
  trapFocus(e) {
    if (e.key !== 'Tab') return;
    const items = focusables(this.dialog);
    if (!items.length) return;
    const first = items[0], last = items[items.length - 1];
    const active = this.root.activeElement;
    if (e.shiftKey && (active === first || !this.dialog.contains(active))) { e.preventDefault(); last.focus(); }
    else if (!e.shiftKey && (active === last || !this.dialog.contains(active))) { e.preventDefault(); first.focus(); }
  }

  render() {
    const { t } = this.l10n;
    const state = stateOf(this.session);
    this.closeButton.textContent = t.close;
    if (!this.dialog.open) return;

    // Keep focus on the same control across a re-render.
    const active = this.root.activeElement;
    const focusKey = this.pendingFocus || (active && active.dataset ? active.dataset.key : null);
    this.pendingFocus = null;

    const sections = [];
    // Only the server's normalised program (fresh or cached), never the page's own text.
    const program = this.shop ? this.shop.program : null;
    this.title.textContent = program ? this.l10n.shopText(program, '/name', program.name) : t.launcher;
    if (!program) {
      const failed = this.shop && (this.shop.status === 'error' || this.shop.error);
      sections.push(h('p', { class: failed ? 'banner' : 'muted', text: failed ? t.unavailable : t.loading }));
    } else {
      const s = this.session;
      if (!s) sections.push(this.signInSection(t.signInPrompt));
      // Through an app proxy a 401 means nobody is logged in to the shop, not an expired signature.
      else if (s.status === 'unauthorized') sections.push(this.signInSection(s.appProxy ? t.signInPrompt : t.sessionExpired));
      else if (s.status === 'loading' && !state) sections.push(h('p', { class: 'muted', text: t.loading }));
      else if (s.status === 'error' && !state) sections.push(h('p', { class: 'banner', attrs: { role: 'alert' }, text: t.unavailable }));
      if (s && s.status === 'stale') sections.push(h('p', { class: 'banner', part: 'offline', attrs: { role: 'alert' }, text: t.offline(this.l10n.time(s.savedAt, shopZone(program))) }));
      if (state) sections.push(this.balanceSection(state, s.status === 'stale'));
      const offer = winBackSection(this.l10n, program, state);
      if (offer) sections.push(offer);
      const events = state && memberEventsSection(this.l10n, program, s.data.member_events);
      if (events) sections.push(events);
      sections.push(this.tierSection(program, state));
      sections.push(this.rewardsSection(program, state));
      sections.push(this.earnSection(program, state));
      if (state && s.data.referral && program.referral && program.referral.enabled) sections.push(this.referralSection(s.data.referral));
      if (state) sections.push(this.activitySection(s.data, shopZone(program)));
    }
    this.content.replaceChildren(...sections);
    const now = this.root.activeElement;
    if (focusKey && (!now || !this.dialog.contains(now) || now.dataset.key !== focusKey)) {
      const again = this.content.querySelector(`[data-key="${CSS.escape(focusKey)}"]`);
      (again && !again.disabled ? again : this.closeButton).focus();
    }
  }

  signInSection(message) {
    const href = safeUrl(this.attr('signin-url') || '/account/login');
    return h('section', { part: 'signin' },
      h('p', { text: message }),
      href ? h('a', { href, text: this.l10n.t.signIn, part: 'signin-link' }) : null);
  }

  balanceSection(state, stale) {
    const { t } = this.l10n;
    return h('section', { part: 'balance', class: stale ? 'stale' : '', attrs: { 'aria-labelledby': 'loyalty-balance' } },
      h('h3', { id: 'loyalty-balance', text: t.balance }),
      h('p', { class: 'figure', attrs: { 'data-balance': state.balance }, text: this.l10n.points(state.balance) }),
      state.pending > 0 ? h('p', { class: 'muted', text: t.pending(this.l10n.number.format(state.pending)) }) : null);
  }

  tierSection(program, state) {
    const { t } = this.l10n;
    const tiers = program.tiers;
    const money = (m) => this.l10n.money(m, program.currency, program.minor_digits);
    const bySpend = program.tier_rules.basis === 'amount_spent';
    const amount = (v) => (bySpend ? money(v) : this.l10n.points(v));
    if (!tiers.length) {
      const rate = program.earn;
      return h('section', { part: 'tier' }, h('p', { text: t.earnRate(this.l10n.points(rate.points), money(rate.per_amount)) }));
    }
    const name = (id) => this.l10n.nameOf(program, 'tiers', tiers.find((x) => x.id === id)) || id;
    const out = [h('h3', { id: 'loyalty-tier', text: t.tier })];
    const earn = program.earn;
    if (state) {
      out.push(h('p', { class: 'name', text: state.tier.current ? name(state.tier.current) : t.noTier }));
      if (state.tier.next) {
        const max = Math.max(1, state.tier.next_threshold);
        out.push(h('progress', { part: 'progress', max, value: Math.min(max, Math.max(0, state.tier.value)),
          attrs: { 'aria-label': t.toNextTier(amount(state.tier.remaining), name(state.tier.next)) } }));
        out.push(h('p', { class: 'muted', text: t.toNextTier(amount(state.tier.remaining), name(state.tier.next)) }));
      } else {
        out.push(h('p', { class: 'muted', text: t.topTier }));
      }
    } else {
      out.push(h('p', { text: t.earnRate(this.l10n.points(earn.points), money(earn.per_amount)) }));
    }
    // What the next tier (or, anonymous, the first) unlocks.
    const nextId = state ? state.tier.next : tiers[0].id;
    const next = tiers.find((x) => x.id === nextId);
    if (next) {
      const perks = [];
      if (next.multiplier_percent > 100) perks.push(t.earnMultiplier(this.l10n.multiplier(next.multiplier_percent)));
      next.perks.forEach((p, j) => perks.push(this.l10n.shopText(program, `/tiers/${tiers.indexOf(next)}/perks/${j}`, p)));
      out.push(h('p', { class: 'muted', text: t.unlocks(name(next.id)) }));
      out.push(h('ul', { class: 'perks' }, perks.map((p) => h('li', { text: p }))));
    }
    return h('section', { part: 'tier', attrs: { 'aria-labelledby': 'loyalty-tier' } }, out);
  }

  rewardsSection(program, state) {
    const { t } = this.l10n;
    // Which rewards the shopper can redeem, for how many points, is the core's answer
    // (redeem_options, in /me's `rewards`): this only renders it.
    const options = new Map(((this.session && this.session.data && this.session.data.rewards) || []).map((r) => [r.id, r]));
    const tiers = program.tiers;
    const items = program.rewards.map((reward) => {
      const option = state ? options.get(reward.id) : null;
      // What it is, unless its name already says so ("Free shipping" is not repeated).
      const what = describeReward(this.l10n, reward, program);
      const rewardName = this.l10n.nameOf(program, 'rewards', reward);
      const detail = what && !rewardName.toLocaleLowerCase().includes(what.toLocaleLowerCase()) ? [what] : [];
      if (option) detail.push(this.l10n.points(option.points));
      else if (reward.kind !== 'variable') detail.push(this.l10n.points(reward.cost));
      const side = [];
      const codeSlot = h('div', { hidden: !this.codes.has(reward.id) });
      if (this.codes.has(reward.id)) codeSlot.append(codeBox(this.l10n, this.codes.get(reward.id), this.status, 'code:' + reward.id));
      const stale = state && this.session.status === 'stale';
      const usable = !!option && !stale && option.affordable;
      // A variable reward: the shopper picks how many points (the most the balance allows by default).
      const picker = usable && reward.kind === 'variable' ? this.pointsPicker(reward, option, program) : null;
      if (state) {
        const button = h('button', { type: 'button', part: 'redeem-button', text: t.redeem, disabled: !usable,
          attrs: { 'aria-label': t.redeemFor(rewardName), 'data-key': 'redeem:' + reward.id, 'data-reward': reward.id } });
        button.addEventListener('click', async () => {
          const pick = picker ? await picker.chosen() : { points: option.points };
          if (!pick.points) { this.status.textContent = pick.hint; return; }
          const chosen = pick.points;
          redeem(this, reward, chosen, button, this.status, codeSlot, (code) => this.codes.set(reward.id, code));
        });
        side.push(button);
        if (!usable && option && option.reason === 'tier' && reward.tiers && reward.tiers.length) {
          detail.push(t.tierOnly(this.l10n.list(reward.tiers.map((id) => this.l10n.nameOf(program, 'tiers', tiers.find((x) => x.id === id)) || id))));
        } else if (!usable && option && option.reason === 'early_access') detail.push(t.memberEvents.held);
        else if (stale) detail.push(t.notNow);  // the balance may cover it: the server cannot be asked
        else if (!usable) detail.push(t.notEnough);
      }
      return h('li', { part: 'reward', attrs: { 'data-reward': reward.id } },
        h('div', { class: 'item' },
          h('div', {}, h('p', { class: 'name', text: rewardName }), h('p', { class: 'detail muted', text: detail.join(' · ') })),
          h('div', { class: 'side' }, side)),
        picker ? picker.element : null,
        codeSlot);
    });
    return h('section', { part: 'rewards', attrs: { 'aria-labelledby': 'loyalty-rewards' } },
      h('h3', { id: 'loyalty-rewards', text: t.rewards }),
      items.length ? h('ul', { class: 'list' }, items) : h('p', { class: 'muted', text: t.noRewards }));
  }

  /**
   * A number field and a slider for a variable reward, within the bounds the
   * core gave (`option`: least, most, step), with what the points are worth.
   * Whether a pick is valid is the core's answer too: /me's default
   * (option.points) with its value, any other the wasm core's rewardValue
   * given /me's state (the reward's steps, minimum and maximum, and what the
   * balance allows). `chosen()` resolves to {points, value} or {points: 0,
   * hint}: the allowed range, in the core's numbers. The server checks the same.
   */
  pointsPicker(reward, option, program) {
    const { t } = this.l10n;
    const { least, most, step } = option;
    const money = (m) => this.l10n.money(m, program.currency, program.minor_digits);
    const id = 'pick-' + String(reward.id).replace(/[^A-Za-z0-9_-]/g, '_');
    const range = t.pointsRange(this.l10n.number.format(least), this.l10n.number.format(most), this.l10n.number.format(step));
    const start = this.picks.get(reward.id);
    const input = h('input', { type: 'number', id, class: 'field', part: 'points-input', value: String(start >= least && start <= most ? start : most),
      attrs: { min: least, max: most, step, inputmode: 'numeric', 'aria-describedby': id + '-worth', 'data-key': 'pick:' + reward.id } });
    const worth = h('span', { id: id + '-worth', class: 'muted', attrs: { 'aria-live': 'polite' } });
    const chosen = async () => {
      const n = Number(input.value);
      if (n === option.points) return { points: n, value: option.value };
      const c = await core();
      const loaded = await this.shop.loadedIn(c);
      const r = loaded.ok ? await c.rewardValue(loaded.value.key, reward.id, n, stateOf(this.session)) : loaded;
      // The widget's wasm names the refused field without words (LOYALTY_WHY): the hint is the range.
      return r.ok ? { points: n, value: r.value } : { points: 0, hint: range };
    };
    let asked = 0;
    const show = () => {
      const ask = ++asked;
      chosen().then((pick) => {
        if (ask !== asked) return;
        if (pick.points) {
          this.picks.set(reward.id, pick.points);
          slider.value = String(pick.points);
        }
        worth.textContent = pick.points ? t.rewardKind.fixed_discount(money(pick.value)) : pick.hint;
      }, () => { if (ask === asked) worth.textContent = ''; });
    };
    // A slider beside the field, in the same steps: dragging it sets the field, typing moves it.
    const slider = h('input', { type: 'range', class: 'slider', part: 'points-slider', value: input.value,
      attrs: { min: least, max: most, step, 'aria-label': t.pointsToUse, 'aria-describedby': id + '-worth' } });
    slider.addEventListener('input', () => { input.value = slider.value; show(); });
    input.addEventListener('input', show);
    show();
    return { chosen, element: h('div', { class: 'picker' }, h('label', { text: t.pointsToUse, attrs: { for: id } }), input, worth, slider) };
  }

  earnSection(program, state) {
    const { t } = this.l10n;
    const fmt = (n) => this.l10n.number.format(n);
    const usage = new Map(((state && state.actions) || []).map((a) => [a.type, a]));
    const items = program.actions.map((a) => {
      const actionName = this.l10n.nameOf(program, 'actions', a);
      const u = usage.get(a.type);
      const l = a.limits;
      const detail = [this.l10n.points(a.points)];
      if (u) {
        if (l.per_month) detail.push(t.limitMonth(fmt(u.this_month), fmt(l.per_month)));
        else if (l.per_day) detail.push(t.limitDay(fmt(u.today), fmt(l.per_day)));
        else if (l.lifetime) detail.push(t.limitLifetime(fmt(u.lifetime), fmt(l.lifetime)));
      }
      const waitUntil = u && u.available_at ? Date.parse(u.available_at) : 0;
      const blocked = u && (u.exhausted || waitUntil > Date.now());
      if (u && u.exhausted) detail.push(t.doneForNow);
      else if (waitUntil > Date.now()) detail.push(t.availableAgain(this.l10n.date(waitUntil, shopZone(program))));
      const side = [];
      const url = a.url ? safeUrl(a.url) : null;
      if (url) side.push(h('a', { href: url, target: '_blank', rel: 'noopener noreferrer', text: t.visit,
        attrs: { 'aria-label': `${t.visit}: ${actionName}` } }));
      if (a.self_claimed && state) {
        const button = h('button', { type: 'button', class: 'secondary', part: 'claim-button', text: t.claim, disabled: !!blocked,
          attrs: { 'aria-label': t.claimFor(actionName), 'data-key': 'claim:' + a.type } });
        button.addEventListener('click', async () => {
          button.disabled = true;
          try {
            const out = await this.session.claim(a.type);
            this.status.textContent = t.claimed(this.l10n.points(out.points));
          } catch (e) {
            this.status.textContent = failure(t, e);
            button.disabled = false;
          }
        });
        side.push(button);
      }
      return h('li', { part: 'action', class: 'item', attrs: { 'data-action': a.type } },
        h('div', {}, h('p', { class: 'name', text: actionName }), h('p', { class: 'detail muted', text: detail.join(' · ') })),
        h('div', { class: 'side' }, side));
    });
    if (!items.length) return null;
    return h('section', { part: 'earn', attrs: { 'aria-labelledby': 'loyalty-earn' } },
      h('h3', { id: 'loyalty-earn', text: t.waysToEarn }),
      h('ul', { class: 'list' }, items));
  }

  referralSection(referral) {
    const { t } = this.l10n;
    const link = safeUrl(referral.link) || String(referral.link || '');
    const row = (value, labelText, key) => {
      const input = h('input', { class: 'field', value, readOnly: true, attrs: { 'aria-label': labelText } });
      const copy = h('button', { type: 'button', class: 'secondary', part: 'copy-button', text: t.copy,
        attrs: { 'aria-label': `${t.copy}: ${labelText}`, 'data-key': key },
        on: { click: async () => { if (await copyText(value, input)) this.status.textContent = t.copied; } } });
      return h('div', { class: 'code-row' }, input, copy);
    };
    const share = navigator.share
      ? h('button', { type: 'button', text: t.share, attrs: { 'data-key': 'share' }, on: {
        click: () => navigator.share({ title: t.referral, text: t.referralText, url: link }).catch(() => {}),
      } })
      : null;
    return h('section', { part: 'referral', attrs: { 'aria-labelledby': 'loyalty-referral' } },
      h('h3', { id: 'loyalty-referral', text: t.referral }),
      h('p', { class: 'muted', text: t.referralText }),
      row(String(referral.code || ''), t.referralCode, 'copy-code'),
      row(link, t.referralLink, 'copy-link'),
      share);
  }

  /** Recent activity, 8 entries, then 20 more per "Show more" (from the /me page, then older pages). */
  activitySection(data, zone) {
    const { t } = this.l10n;
    if (!this.history || this.history.data !== data) this.history = { data, older: [], cursor: data.next_cursor || null, shown: 8, loading: false };
    const history = this.history;
    const entries = [...(data.activity || []), ...history.older];
    const items = entries.slice(0, history.shown).map((e) => {
      // Available points moved, or (an order still held) the pending ones.
      const points = Number(e.points || 0) || Number(e.pending || 0);
      return h('li', {},
        h('span', {}, t.entry[e.type] || e.type, h('span', { class: 'muted', text: ' · ' + this.l10n.date(e.at, zone) })),
        points ? h('span', { class: points > 0 ? 'plus' : 'minus',
          text: (points > 0 ? '+' : '−') + this.l10n.number.format(Math.abs(points)) }) : null);
    });
    let more = null;
    if (entries.length > history.shown || history.cursor) {
      more = h('button', { type: 'button', class: 'secondary', part: 'more-button', text: t.moreActivity,
        attrs: { 'data-key': 'more-activity', 'aria-busy': history.loading ? 'true' : null } });
      more.addEventListener('click', () => this.showMoreActivity(history));
    }
    return h('section', { part: 'activity', attrs: { 'aria-labelledby': 'loyalty-activity' } },
      h('h3', { id: 'loyalty-activity', text: t.activity }),
      items.length ? h('ul', { class: 'activity list' }, items) : h('p', { class: 'muted', text: t.noActivity }),
      more);
  }

  async showMoreActivity(history) {
    if (history.loading) return;
    const have = (history.data.activity || []).length + history.older.length;
    if (have < history.shown + 20 && history.cursor) {
      history.loading = true;
      try {
        const page = await this.session.olderActivity(history.cursor);
        history.older.push(...(page.entries || []));
        history.cursor = page.next_cursor || null;
      } catch {
        this.status.textContent = this.l10n.t.unavailable;
        history.loading = false;
        return;
      }
      history.loading = false;
    }
    history.shown += 20;
    this.schedule();
  }

}
