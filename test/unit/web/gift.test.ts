/** What the gift form sends: trimmed, empty optional fields left out, and valid for the API. */
import { describe, expect, it } from 'vitest';
import { GiftSchema } from '#orders/schemas';
import { giftOf } from '../../../web/src/configurator/gift.ts';

describe('the gift form', () => {
  it('trims what was typed and leaves empty optional fields out, as the API takes it', () => {
    // Act
    const gift = giftOf({
      name: ' Grace ',
      line1: ' 1 Navy Way ',
      line2: '  ',
      postalCode: '',
      city: 'Arlington',
      country: 'US',
      message: ' ',
    });
    // Assess
    expect(gift).toEqual({ recipient: { name: 'Grace', addressLines: ['1 Navy Way'], city: 'Arlington', country: 'US' } });
    expect(GiftSchema.safeParse(gift).success).toBe(true);
  });

  it('keeps the second address line, the postal code and the message when given', () => {
    // Act
    const gift = giftOf({ name: 'G', line1: 'a', line2: 'b', postalCode: '10115', city: 'Berlin', country: 'DE', message: 'Hi' });
    // Assess
    expect(gift).toEqual({
      recipient: { name: 'G', addressLines: ['a', 'b'], postalCode: '10115', city: 'Berlin', country: 'DE' },
      message: 'Hi',
    });
  });
});
