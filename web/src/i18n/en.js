// English for what every page shows (the launcher, product points, the cart);
// redeeming's texts are in en.redeem.js and the panel's own in en.panel.js,
// loaded with that code. The other languages are whole chunks of their own.
/** @type {import('./translation').PageTranslation} */
export default {
  locale: 'en',
  launcher: 'Rewards',
  loading: 'Loading rewards…',
  points: (n, count) => (count === 1 ? `${n} point` : `${n} points`),
  cost: (points) => points,
  redeem: 'Redeem',
  redeemFor: (name) => `Redeem ${name}`,
  rewardKind: {
    fixed_discount: (money) => `${money} off`,
    percent_discount: (percent) => `${percent} off`,
    free_shipping: 'Free shipping',
    free_product: (money) => `Free product worth ${money}`,
    variable: (points, money) => `${points} = ${money} off`,
    cashback: (money) => `${money} store credit`,
  },
  unavailable: 'Rewards are unavailable right now. Please try again later.',
  networkRetry: 'We couldn’t reach the rewards service. No points were spent; please try again.',
  earnProduct: (points) => `Earn ${points}`,
  earnProductBonus: (points, reason) => `Earn ${points} · ${reason}`,
  tierBonus: (tier) => `${tier} bonus`,
  cartEarns: (points) => `This order earns ${points}`,
  cartSpend: (points, money) => `Use ${points} to save ${money}`,
  cartSignIn: 'Sign in to use your points on this order.',
  nudgeShipping: (money) => `Spend ${money} more for free shipping`,
  nudgeTier: (money, tier) => `Spend ${money} more to reach ${tier}`,
  useReward: 'Use a reward',
};
