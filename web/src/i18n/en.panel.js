// The panel's English texts, added to en.js's when the panel's chunk loads
// (pages without the panel never download them).
import en from './en.js';
import { redeemTexts } from './en.redeem.js';  // the panel redeems too

/** @type {import('./translation').PanelTranslation} */
const panel = {
  close: 'Close',
  balance: 'Your points',
  pending: (n) => `${n} pending`,
  tier: 'Your tier',
  noTier: 'No tier yet',
  toNextTier: (amount, tier) => `${amount} more to reach ${tier}`,
  topTier: 'You have reached the top tier',
  unlocks: (tier) => `${tier} unlocks`,
  earnMultiplier: (x) => `${x}× points on every order`,
  freeShipping: 'Free shipping',
  earnRate: (points, money) => `Earn ${points} for every ${money} spent`,
  rewards: 'Rewards',
  noRewards: 'No rewards yet.',
  share: 'Share',
  notEnough: 'Not enough points yet',
  notNow: 'Rewards can’t be redeemed right now',
  pointsToUse: 'Points to use',
  pointsRange: (least, most, step) => `Choose ${least} to ${most} points, in steps of ${step}`,
  tierOnly: (tiers) => `For ${tiers} members`,
  waysToEarn: 'Ways to earn',
  limitDay: (used, limit) => `${used} of ${limit} today`,
  limitMonth: (used, limit) => `${used} of ${limit} this month`,
  limitLifetime: (used, limit) => `${used} of ${limit}`,
  doneForNow: 'Done',
  availableAgain: (date) => `Available again ${date}`,
  claim: 'Claim',
  claimFor: (name) => `Claim points for ${name}`,
  claimed: (points) => `Claimed ${points}`,
  visit: 'Open',
  referral: 'Refer a friend',
  referralText: 'Share your code: your friend gets a reward, and so do you after their first order.',
  referralCode: 'Your referral code',
  referralLink: 'Your referral link',
  activity: 'Recent activity',
  noActivity: 'Nothing yet.',
  moreActivity: 'Show more activity',
  memberEvents: {
    title: 'Member events',
    onNow: 'On now:',
    starts: (when) => `Starts ${when}`,
    lastDay: (date) => `Last day ${date}`,
    until: (when) => `Until ${when}`,
    earlyAccess: (rewards) => `Early access to ${rewards}`,
    held: 'Early access for event members first',
  },
  entry: {
    earn: 'Order', mature: 'Points confirmed', action: 'Bonus', referral: 'Referral', tier_change: 'Tier changed',
    tier_reward: 'Tier reward', redeem: 'Redeemed', restore: 'Points returned', expire: 'Expired', clawback: 'Refund',
    offset: 'Held', adjust: 'Adjustment', membership: 'Membership', exchange: 'Exchange',
  },
  signInPrompt: 'Sign in to see your points and redeem rewards.',
  signIn: 'Sign in',
  sessionExpired: 'Your session has expired. Please sign in again.',
  offline: (time) => `We can’t reach the rewards service. Showing your points as of ${time}.`,
};

/** @type {Omit<import('./translation').Translation, 'notes'>} */
export default Object.assign(en, redeemTexts, panel);
