// Redeeming's English texts (the code box, the server's refusals), loaded
// with the redeeming code (rewards.js; the panel's en.panel.js adds them to
// en.js's): a page that is only looked at never downloads them. No import of
// en.js here: the page's chunks stay as they are.

/** @type {import('./translation').RedeemTranslation} */
export const redeemTexts = {
  redeeming: 'Redeeming…',
  redeemed: 'Redeemed! Use this code at checkout.',
  yourCode: 'Your code',
  copy: 'Copy',
  copied: 'Copied',
  refused: {
    session: 'Your session has expired. Please sign in again.',
    forbidden: 'Rewards can’t be used from this page.',
    done: 'This was already done.',
    reward: 'This reward can’t be redeemed now. No points were spent.',
    points: 'Choose a number of points this reward allows.',
    action: 'This can’t be claimed now.',
    other: 'That didn’t work. No points were spent.',
  },
};

/**
 * `t` with redeeming's texts: its own (every other language has them), else these.
 * @template {object} T
 * @param {T} t
 * @returns {T & import('./translation').RedeemTranslation}
 */
export const withRedeemTexts = (t) => Object.assign(t, { ...redeemTexts, ...t });
