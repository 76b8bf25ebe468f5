/** What "use the recommended choices" adds: required groups still to choose only. */
import { describe, expect, it } from 'vitest';
import { recommendedPicks } from '../../../web/src/configurator/picks.ts';
import type { ConfigureResponse } from '../../../web/src/api.ts';

type Group = ConfigureResponse['groups'][number];
const recommended = { choice: 'b', source: 'everyone' as const, confidence: 0.8, orders: 10 };

function group(id: string, states: string[], extra: Partial<Group> = {}): Group {
  return {
    id,
    emptyAllowed: false,
    choices: states.map((state, i) => ({
      id: String.fromCharCode(97 + i),
      state: state as Group['choices'][number]['state'],
      price: 0,
      fromPrice: 0,
    })),
    ...extra,
  };
}

describe('recommendedPicks', () => {
  it('takes the recommendation of required groups with nothing chosen, never of chosen, forced or optional ones', () => {
    // Prepare
    const answer = {
      groups: [
        group('open', ['available', 'available'], { recommended }),
        group('chosen', ['selected', 'available'], { recommended }),
        group('forced', ['excluded', 'forced'], { recommended }),
        group('optional', ['available', 'available'], { emptyAllowed: true, recommended }),
        group('unrecommended', ['available', 'available']),
      ],
    } as ConfigureResponse;
    // Act
    const picks = recommendedPicks(answer);
    // Assess
    expect(picks).toEqual([{ pick: 'open.b', recommendation: recommended }]);
  });
});
