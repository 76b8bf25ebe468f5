/**
 * The live summary: total with its lines, promised dates, what is still missing, and conflicts.
 * `status` is the page's live region: one short sentence a screen reader announces per click.
 */
import type { CatalogDocument, ConfigureResponse } from '../api.ts';
import { choiceName, groupName } from '../catalog.ts';
import { perkLines } from '../configurator/perks.ts';
import { missingGroups } from '../configurator/picks.ts';
import { h, replaceChildren } from '../dom.ts';
import { day, list, money, sentence } from '../format.ts';

export function renderSummary(body: HTMLElement, status: HTMLElement, answer: ConfigureResponse, document: CatalogDocument): void {
  const currency = answer.price.currency;
  const missing = missingGroups(answer).map((id) => groupName(document, id));
  const total = money(answer.price.total, currency);
  const benefits = perkLines(answer.perks, (ref) => choiceName(document, ref));

  status.textContent = !answer.valid
    ? `Total ${total}. Some choices do not go together.`
    : missing.length
      ? `Total ${total}. Still to choose: ${list(missing)}.`
      : `Total ${total}. Ready to order.`;

  replaceChildren(
    body,
    h(
      'dl',
      { class: 'totals' },
      h('div', { class: 'total' }, h('dt', {}, 'Total'), h('dd', { 'data-testid': 'total' }, total)),
      h('div', {}, h('dt', {}, 'Ships by'), h('dd', { 'data-testid': 'ship-by' }, day(answer.dates.shipBy))),
      h('div', {}, h('dt', {}, 'Delivered by'), h('dd', { 'data-testid': 'deliver-by' }, day(answer.dates.deliverBy))),
    ),
    benefits.length
      ? h(
          'ul',
          { class: 'perks', 'data-testid': 'perks', 'aria-label': 'Your benefits' },
          benefits.map((line) => h('li', {}, line)),
        )
      : null,
    missing.length
      ? h(
          'div',
          { class: 'missing' },
          h('h3', {}, 'Still to choose'),
          h(
            'ul',
            {},
            missing.map((name) => h('li', {}, name)),
          ),
        )
      : null,
    answer.valid ? null : conflictBox(answer, document),
    h(
      'details',
      { class: 'lines' },
      h('summary', {}, 'Price details'),
      h(
        'table',
        {},
        h('caption', { class: 'visually-hidden' }, 'Price lines'),
        h(
          'tbody',
          {},
          answer.price.lines.map((line) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, line.ref === 'base' ? 'Base price' : line.label || choiceName(document, line.ref)),
              h(
                'td',
                {},
                line.amount !== line.listAmount
                  ? h('s', { 'aria-label': `list price ${money(line.listAmount, currency)}` }, money(line.listAmount, currency))
                  : null,
                ' ',
                money(line.amount, currency),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

function conflictBox(answer: ConfigureResponse, document: CatalogDocument): HTMLElement {
  const changes = answer.repair?.changes ?? [];
  return h(
    'div',
    { class: 'conflicts' },
    h('h3', {}, 'These choices do not go together'),
    h(
      'ul',
      {},
      [...new Set(answer.conflicts.map((c) => sentence(c.message)))].map((m) => h('li', {}, m)),
    ),
    changes.length
      ? [
          h('p', {}, 'Suggested fix:'),
          h(
            'ul',
            {},
            changes.map((c) =>
              h(
                'li',
                {},
                c.kind === 'replaced' && c.to
                  ? `${choiceName(document, c.pick)} becomes ${choiceName(document, c.to)}: ${c.reason}`
                  : `Remove ${choiceName(document, c.pick)}: ${c.reason}`,
              ),
            ),
          ),
        ]
      : null,
  );
}
