import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildEverything, world } from './everyView.ts';
import { replyProblems, surfaceProblems } from './surfaceProblems.ts';

/**
 * Issue 12, points 2 and 3, as a property: whatever text the Partner API, a user or Slack sends,
 * every message, view and reply partnerbot builds fits Block Kit's limits, and none of that text
 * becomes a mention, a link or a broken entity. fast-check draws hostile strings (entities, tokens,
 * emoji sequences, combining marks, direction marks, line breaks, up to 10,000 characters, lists of
 * up to 200) and, when a run fails, shrinks it to the smallest input that still fails.
 */
describe('every view built from hostile text', () => {
  it('when any view is built from hostile text, then Slack would accept it and nothing in it mentions, links or breaks', () => {
    fc.assert(
      fc.property(world, (w) => {
        const problems = buildEverything(w).flatMap((built) => {
          const found =
            built.kind === 'reply' ? replyProblems(built.surface as string, built.allowed) : surfaceProblems(built.surface, built.kind, built.allowed);
          return found.map((problem) => `${built.name}: ${problem}`);
        });
        expect(problems).toEqual([]);
      }),
      { numRuns: 60 },
    );
  }, 120_000); // generous: 60 runs take ~5 s on an idle machine, many times that beside a loaded CI run
});
