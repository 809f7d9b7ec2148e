import fc from 'fast-check';

/**
 * Pieces of text a merchant, a user or the Partner API could send that mean something to Slack or
 * to Unicode: mrkdwn tokens and entities, formatting markers, emoji sequences, combining marks,
 * direction marks, line breaks, controls and lone surrogates.
 */
export const HOSTILE_FRAGMENTS = [
  '<', '>', '&', '&amp;', '&lt', '&gt;', '&am', '&#60;', ';',
  '<@U1>', '<@U0ADMIN|x>', '<!here>', '<!channel>', '<!everyone>', '<http://x|y>', '<https://evil|click>', '<#C1>', '<!date^1^{date}|x>', '<!subteam^S1>',
  '@here', '@channel', '#general', 'https://evil.example',
  '*', '_', '~', '`', '```', '*bold*', '_it_', '> quote', '• ', '- ',
  '\n', '\r\n', '\t', ' ', '  ',
  '👨‍👩‍👧‍👦', '🏳️‍🌈', '👍🏽', '🇩🇪', '😀', 'e\u0301', '\u0301\u0302\u0303\u0304', 'Z\u0351\u0352\u0357\u035B',
  '\u200F', '\u200E', '\u202E', '\u2066', '\u2069', '\u200B', '\u200D', 'שלום', 'مرحبا',
  '\u0000', '\u0007', '\u007F', '\uD83D', '\uDE00', ':skull:', 'x', 'Ünïcödé',
] as const;

const fragment = fc.constantFrom(...HOSTILE_FRAGMENTS);

/** A short hostile string: a mix of fragments and arbitrary code points (surrogate halves included). */
export const shortHostile: fc.Arbitrary<string> = fc
  .array(fc.oneof({ weight: 3, arbitrary: fragment }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) }), { maxLength: 12 })
  .map((parts) => parts.join(''));

/** Up to 10,000 characters of one fragment (1,500 `<` is the issue's own case). */
export const longHostile: fc.Arbitrary<string> = fc
  .tuple(fragment, fc.integer({ min: 500, max: 10_000 }))
  .map(([piece, length]) => piece.repeat(Math.max(1, Math.floor(length / Math.max(1, piece.length)))));

export const hostile: fc.Arbitrary<string> = fc.oneof({ weight: 4, arbitrary: shortHostile }, { weight: 1, arbitrary: longHostile });

/** Up to 200 items (a burst, many apps, many currencies). */
export const hostileList = (maxLength = 200): fc.Arbitrary<string[]> =>
  fc.oneof({ weight: 3, arbitrary: fc.array(shortHostile, { maxLength: 8 }) }, { weight: 1, arbitrary: fc.array(hostile, { maxLength }) });
