/** Every string the widget shows; one file per locale implements it. Plurals are functions. */
export interface Translation {
  /** BCP 47 tag given to Intl. */
  locale: string;
  launcher: string;
  close: string;
  loading: string;
  points(n: string, count: number): string;
  balance: string;
  pending(n: string): string;
  tier: string;
  noTier: string;
  toNextTier(amount: string, tier: string): string;
  topTier: string;
  unlocks(tier: string): string;
  earnMultiplier(x: string): string;
  freeShipping: string;
  earnRate(points: string, money: string): string;
  rewards: string;
  noRewards: string;
  cost(points: string): string;
  redeem: string;
  redeemFor(name: string): string;
  redeeming: string;
  redeemed: string;
  yourCode: string;
  copy: string;
  copied: string;
  share: string;
  notEnough: string;
  /** A reward the cached balance may cover while the server cannot be reached. */
  notNow: string;
  /** Label of a variable reward's points field. */
  pointsToUse: string;
  pointsRange(least: string, most: string, step: string): string;
  tierOnly(tiers: string): string;
  rewardKind: {
    fixed_discount(money: string): string;
    percent_discount(percent: string): string;
    free_shipping: string;
    free_product(money: string): string;
    variable(points: string, money: string): string;
    cashback(money: string): string;
  };
  waysToEarn: string;
  limitDay(used: string, limit: string): string;
  limitMonth(used: string, limit: string): string;
  limitLifetime(used: string, limit: string): string;
  doneForNow: string;
  availableAgain(date: string): string;
  claim: string;
  claimFor(name: string): string;
  claimed(points: string): string;
  visit: string;
  referral: string;
  referralText: string;
  referralCode: string;
  referralLink: string;
  activity: string;
  noActivity: string;
  moreActivity: string;
  /** Member events the core announces (loyalty-widget.events.js); `held`: a reward in early access. */
  memberEvents: {
    title: string; onNow: string; starts(when: string): string; lastDay(date: string): string; until(when: string): string;
    earlyAccess(rewards: string): string; held: string;
  };
  entry: Record<string, string>;
  signInPrompt: string;
  signIn: string;
  sessionExpired: string;
  offline(time: string): string;
  unavailable: string;
  /** A refusal from the server, by status and field (its English text goes to the console only). */
  refused: { session: string; forbidden: string; done: string; reward: string; points: string; action: string; other: string };
  networkRetry: string;
  earnProduct(points: string): string;
  earnProductBonus(points: string, reason: string): string;
  tierBonus(tier: string): string;
  cartEarns(points: string): string;
  cartSpend(points: string, money: string): string;
  cartSignIn: string;
  nudgeShipping(money: string): string;
  nudgeTier(money: string, tier: string): string;
  useReward: string;
  /** The shopper's notes above the launcher (English: en.notes.js, in the notes' chunk). */
  notes: {
    label: string;
    dismiss: string;
    earned(points: string, order: string): string;
    matured(points: string): string;
    unlocked(reward: string): string;
    tier(tier: string): string;
    /** `when`: Intl.RelativeTimeFormat's "in 5 days", "tomorrow". */
    expiring(points: string, when: string): string;
    referral(points: string): string;
  };
}

/** The panel's own texts (en.panel.js in English): pages without the panel never load them. */
export type PanelKeys = 'close' | 'balance' | 'pending' | 'tier' | 'noTier' | 'toNextTier' | 'topTier' | 'unlocks' | 'earnMultiplier'
  | 'freeShipping' | 'earnRate' | 'rewards' | 'noRewards' | 'notEnough' | 'notNow' | 'pointsToUse' | 'pointsRange' | 'tierOnly'
  | 'share' | 'waysToEarn' | 'limitDay' | 'limitMonth' | 'limitLifetime' | 'doneForNow' | 'availableAgain' | 'claim' | 'claimFor'
  | 'claimed' | 'visit' | 'referral' | 'referralText' | 'referralCode' | 'referralLink' | 'activity' | 'noActivity' | 'moreActivity'
  | 'memberEvents' | 'entry' | 'signInPrompt' | 'signIn' | 'sessionExpired' | 'offline';
export type PanelTranslation = Pick<Translation, PanelKeys>;
/** Redeeming's texts (en.redeem.js in English): loaded with the redeeming code (rewards.js, the panel). */
export type RedeemKeys = 'redeeming' | 'redeemed' | 'yourCode' | 'copy' | 'copied' | 'refused';
export type RedeemTranslation = Pick<Translation, RedeemKeys>;
export type PageTranslation = Omit<Translation, PanelKeys | RedeemKeys | 'notes'>;
