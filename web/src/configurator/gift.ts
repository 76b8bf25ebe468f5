/**
 * "Send it as a gift": offered in the configurator's summary once gift packaging is chosen. A
 * gift goes to someone else, so it is a one-off order: the recipient's name and address travel
 * with the order (`gift` of `POST /orders`, `remember: false`), and the customer's remembered
 * configuration and usual order stay as they were.
 */
import type { Gift } from '../api.ts';
import { h } from '../dom.ts';

/** The choice that offers a gift: the packaging group's `gift` choice. */
export const GIFT_PACKAGING = 'packaging.gift';

/** A few countries to pick from, by ISO 3166-1 alpha-2 code (the API takes any two-letter code). */
const COUNTRIES: [string, string][] = [
  ['DE', 'Germany'],
  ['AT', 'Austria'],
  ['CH', 'Switzerland'],
  ['FR', 'France'],
  ['NL', 'Netherlands'],
  ['BE', 'Belgium'],
  ['LU', 'Luxembourg'],
  ['IT', 'Italy'],
  ['ES', 'Spain'],
  ['PT', 'Portugal'],
  ['IE', 'Ireland'],
  ['GB', 'United Kingdom'],
  ['DK', 'Denmark'],
  ['SE', 'Sweden'],
  ['NO', 'Norway'],
  ['FI', 'Finland'],
  ['PL', 'Poland'],
  ['CZ', 'Czechia'],
  ['US', 'United States'],
];

export interface GiftPanel {
  element: HTMLElement;
  /** Shows the panel when gift packaging is among `picks`, hides it otherwise (what was typed stays). */
  update(picks: readonly string[]): void;
  /** Nothing when this is no gift; the gift; or the first missing field (focused) with what to do. */
  read(): { gift?: Gift } | { problem: string };
}

/** What the customer types, as the API takes it: trimmed, empty optional fields left out. */
export function giftOf(fields: {
  name: string;
  line1: string;
  line2: string;
  postalCode: string;
  city: string;
  country: string;
  message: string;
}): Gift {
  const message = fields.message.trim();
  const postalCode = fields.postalCode.trim();
  return {
    recipient: {
      name: fields.name.trim(),
      addressLines: [fields.line1, fields.line2].map((line) => line.trim()).filter(Boolean),
      ...(postalCode ? { postalCode } : {}),
      city: fields.city.trim(),
      country: fields.country,
    },
    ...(message ? { message } : {}),
  };
}

export function giftPanel(): GiftPanel {
  const input = (id: string, label: string, attributes: Record<string, string | boolean> = {}) => {
    const element = h('input', { type: 'text', id, maxlength: '200', ...attributes });
    return { element, field: h('div', { class: 'field' }, h('label', { for: id }, label), element) };
  };
  const isGift = h('input', { type: 'checkbox', id: 'gift-is-gift' });
  const name = input('gift-name', 'Recipient’s name', { autocomplete: 'off' });
  const line1 = input('gift-line1', 'Street and number');
  const line2 = input('gift-line2', 'Address line 2 (optional)');
  const postalCode = input('gift-postal-code', 'Postal code', { maxlength: '20' });
  const city = input('gift-city', 'City', { maxlength: '100' });
  const country = h(
    'select',
    { id: 'gift-country' },
    COUNTRIES.map(([code, label]) => h('option', { value: code }, label)),
  );
  const message = h('textarea', { id: 'gift-message', maxlength: '500', rows: '3' });
  const fields = h(
    'div',
    { class: 'gift-fields', hidden: true },
    name.field,
    line1.field,
    line2.field,
    postalCode.field,
    city.field,
    h('div', { class: 'field' }, h('label', { for: 'gift-country' }, 'Country'), country),
    h('div', { class: 'field' }, h('label', { for: 'gift-message' }, 'Message on the gift card (optional)'), message),
  );
  isGift.addEventListener('change', () => {
    fields.hidden = !isGift.checked;
    if (isGift.checked) name.element.focus();
  });
  const element = h(
    'fieldset',
    { class: 'gift', hidden: true },
    h('legend', {}, 'Send it as a gift'),
    h('div', { class: 'choice' }, isGift, h('label', { for: 'gift-is-gift' }, 'This is a gift: send it to someone else')),
    h('p', { class: 'hint' }, 'A gift is a one-off order: we send it to the address below and do not keep it as your usual order.'),
    fields,
  );

  return {
    element,
    update(picks) {
      element.hidden = !picks.includes(GIFT_PACKAGING);
    },
    read() {
      if (element.hidden || !isGift.checked) return {};
      const required: [HTMLInputElement, string][] = [
        [name.element, 'Enter the recipient’s name.'],
        [line1.element, 'Enter the street and number.'],
        [city.element, 'Enter the city.'],
      ];
      const missing = required.find(([field]) => !field.value.trim());
      if (missing) {
        missing[0].focus();
        return { problem: missing[1] };
      }
      return {
        gift: giftOf({
          name: name.element.value,
          line1: line1.element.value,
          line2: line2.element.value,
          postalCode: postalCode.element.value,
          city: city.element.value,
          country: country.value,
          message: message.value,
        }),
      };
    },
  };
}
