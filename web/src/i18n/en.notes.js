// The shopper notes' English texts, in the notes' own chunk (a page without
// notes never loads them); the other languages carry `notes` in their file.

/** @type {import('./translation').Translation['notes']} */
export default {
  label: 'Rewards news',
  dismiss: 'Dismiss',
  earned: (points, order) => (order ? `You earned ${points} for order #${order}` : `You earned ${points}`),
  matured: (points) => `Now available to use: ${points}`,
  unlocked: (reward) => `You can now redeem ${reward}`,
  tier: (tier) => `You reached ${tier}`,
  expiring: (points, when) => `Expiring ${when}: ${points}`,
  referral: (points) => `A friend you referred placed an order: you earned ${points}`,
};
