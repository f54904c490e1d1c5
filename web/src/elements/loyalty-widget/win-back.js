import { h } from '../../shared/dom.js';
import { shopZone } from '../../i18n/localize-more.js';

/**
 * The panel's win-back offer: what the core decided the lapsed shopper holds
 * now (`state.win_back` in /me: bonus points on the next order, or a reward at
 * a lower cost) and the last day it can be used, on the shop's clock. Text
 * only (never markup); null when there is no offer or it has run out here.
 * @param {object} l10n - the widget's Localizer
 * @param {object} program - the normalised program the server serves
 * @param {object|null} state - /me's state
 */
export function winBackSection(l10n, program, state) {
  const offer = state && state.win_back;
  const ends = offer ? Date.parse(offer.expires_at) : NaN;
  if (!offer || !(ends > Date.now())) return null;
  const { t } = l10n;
  // It ends at the shop's midnight: the last day it can be used is the one before.
  const last = l10n.date(ends - 1000, shopZone(program));
  let text;
  if (offer.kind === 'reward') {
    const reward = (program.rewards || []).find((r) => r.id === offer.reward_id);
    if (!reward) return null;
    text = t.winBackReward(l10n.nameOf(program, 'rewards', reward), l10n.points(offer.reward_cost), l10n.points(reward.cost), last);
  } else {
    text = t.winBackBonus(l10n.points(offer.bonus_points), last);
  }
  return h('section', { part: 'win-back', class: 'win-back', attrs: { 'aria-labelledby': 'loyalty-win-back' } },
    h('h3', { id: 'loyalty-win-back', text: t.winBack }),
    h('p', { text }));
}
