/**
 * The product page: every group (modules first, then services) with each choice's state and
 * price difference, why an excluded choice is unavailable and the trade that would make it
 * available, and a live summary. Every click asks the engine again (`POST …/configure`); only
 * the newest answer is shown.
 *
 * The group and choice elements are built once and updated in place on every answer, so
 * keyboard focus never jumps while the customer moves through the choices.
 */
import {
  api,
  ApiError,
  errorText,
  newIdempotencyKey,
  type CatalogDocument,
  type ConfigureResponse,
  type ContinuedConfiguration,
  type RecommendedChoice,
} from '../api.ts';
import { handoff, type AppContext } from '../app.ts';
import { choiceName, findGroup, groupName, groupOf, loadCatalog, orderedGroups } from '../catalog.ts';
import { changesBox } from '../changes.ts';
import { giftPanel } from '../configurator/gift.ts';
import { perkNote } from '../configurator/perks.ts';
import { canOrder, clickChoice, orderPicks, recommendedPicks, takeTrade, type GroupShape, type PickSource } from '../configurator/picks.ts';
import { domId, h, replaceChildren } from '../dom.ts';
import { day, list, priceDifference, sentence } from '../format.ts';
import { renderSummary } from './summary.ts';

type Group = CatalogDocument['groups'][number];
type ChoiceAnswer = ConfigureResponse['groups'][number]['choices'][number];

interface ChoiceView {
  ref: string;
  group: Group;
  root: HTMLElement;
  input: HTMLInputElement;
  price: HTMLElement;
  badge: HTMLElement;
  /** The tier benefit this choice carries ("Gold: Express delivery included"). */
  perk: HTMLElement;
  why: HTMLElement;
  trade: HTMLElement;
}

export async function showConfigurator(
  root: HTMLElement,
  app: AppContext,
  productId: string,
  options: { fresh?: boolean } = {},
): Promise<void> {
  replaceChildren(root, h('p', { class: 'loading' }, 'Loading the product…'));
  const { document } = await loadCatalog(productId);

  // Where to start: picks handed over (e.g. "review my usual order"), else where the customer
  // stopped, else the recommended choices (learned from orders: the customer's own, customers
  // like them, everyone's; the catalog's standard ones while nobody has ordered). The saved
  // version is read in every case, so "Save" can send If-Match.
  const handed = handoff.takeStart(productId);
  const saved = await api.savedConfiguration(app.customerId, productId);
  let versionTag = saved?.tag;
  let picks: string[];
  const sources = new Map<string, PickSource>();
  let startNote: string | undefined = handed?.note;
  let repaired: ContinuedConfiguration['repaired'];
  // A new configuration starts from the first answer's recommendations (preferences first: the
  // server fills those service groups before it recommends).
  let fillRecommendations = false;
  // Each group's recommendation is made on its own: together they may clash (rarely). Then the
  // engine's repair of the filled picks is taken once, before the customer sees anything.
  let repairFill = false;
  if (handed) {
    picks = [...handed.picks];
    for (const pick of picks) sources.set(pick, handed.source);
  } else if (saved && !options.fresh) {
    // Already re-checked against today's catalog by the API: a deleted choice dropped, a retired
    // one moved to its replacement, each with why (`repaired`), shown before anything else.
    picks = [...saved.configuration.picks];
    const source: PickSource = { kind: 'saved', savedAt: saved.configuration.savedAt, channel: saved.configuration.channel };
    for (const pick of picks) sources.set(pick, source);
    startNote = `You are continuing where ${savedBy(saved.configuration.channel)} stopped on ${day(saved.configuration.savedAt)}.`;
    repaired = saved.configuration.repaired;
  } else {
    picks = [];
    fillRecommendations = true;
    if (saved) startNote = 'A new configuration. The one you saved earlier stays until you save or order this one.';
  }

  const changesNote = repaired ? await changesSinceSaved(productId, document, repaired) : null;

  let answer: ConfigureResponse | undefined;
  let latestRequest = 0;
  let openTrade: string | undefined;
  let ordering = false;
  /** Kept across a failed attempt (e.g. the network dropped), so retrying cannot order twice. */
  let pendingOrderKey: string | undefined;

  // --- the page skeleton -------------------------------------------------------------------
  const notice = h('div', { class: 'notice', role: 'alert', hidden: true });
  const summaryBody = h('div', { class: 'summary-body' });
  const summaryStatus = h(
    'p',
    { class: 'summary-status', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' },
    'Working out your price…',
  );
  const orderButton = h('button', { type: 'button', class: 'primary', disabled: true, onclick: () => void placeOrder() }, 'Place order');
  const saveButton = h('button', { type: 'button', onclick: () => void saveAndLeave() }, 'Save and leave');
  // One click fills every group still to choose with its recommended choice.
  const recommendButton = h('button', { type: 'button', hidden: true, onclick: () => useRecommendations() }, 'Use the recommended choices');
  // Choosing gift packaging offers a gift to someone else (a one-off order).
  const gift = giftPanel();
  const summary = h(
    'aside',
    { class: 'summary', id: 'summary', 'aria-labelledby': 'summary-title' },
    h('h2', { id: 'summary-title' }, 'Your configuration'),
    summaryStatus,
    summaryBody,
    gift.element,
    h('div', { class: 'actions' }, recommendButton, orderButton, saveButton),
  );
  const phoneBarTotal = h('span', { class: 'bar-total' });
  const summaryTitle = summary.querySelector('h2')!;
  summaryTitle.tabIndex = -1;
  // A button, not a link: the hash is the page's route.
  const phoneBar = h(
    'div',
    { class: 'phone-bar' },
    phoneBarTotal,
    h(
      'button',
      {
        type: 'button',
        class: 'phone-bar-action',
        onclick: () => {
          summaryTitle.scrollIntoView({ block: 'start' });
          summaryTitle.focus();
        },
      },
      'Summary and order',
    ),
  );

  const choiceViews = new Map<string, ChoiceView>();
  const groups = orderedGroups(document);
  const section = (kind: Group['kind'], title: string) => {
    const inSection = groups.filter((g) => g.kind === kind);
    return inSection.length
      ? h(
          'section',
          { class: 'group-section', 'aria-labelledby': `section-${kind}` },
          h('h2', { id: `section-${kind}` }, title),
          inSection.map(groupFieldset),
        )
      : null;
  };

  replaceChildren(
    root,
    h(
      'div',
      { class: 'page-head' },
      h('p', {}, h('a', { href: '#/' }, '← All products')),
      h('h1', {}, document.name ?? productId),
      document.description ? h('p', { class: 'lead' }, document.description) : null,
      startNote ? h('p', { class: 'start-note' }, startNote) : null,
      changesNote,
    ),
    notice,
    h(
      'div',
      { class: 'configurator' },
      h(
        'form',
        { class: 'groups', 'aria-label': `Configure ${document.name ?? productId}`, onsubmit: (e: Event) => e.preventDefault() },
        section('product', 'Modules'),
        section('service', 'Services'),
      ),
      summary,
    ),
    phoneBar,
  );

  function groupFieldset(group: Group): HTMLElement {
    const single = group.max === 1;
    const hint = single
      ? group.min === 0
        ? 'Optional: choose one or none'
        : 'Choose one'
      : `Choose ${group.min > 0 ? `${group.min} to ${group.max}` : `up to ${group.max}`}`;
    const refs = group.choices.filter((c) => !c.retired).map((c) => `${group.id}.${c.id}`);
    // An optional one-choice group needs a way back to "nothing": radios cannot be unticked.
    if (single && group.min === 0) refs.unshift(`${group.id}.`);
    return h(
      'fieldset',
      { class: 'group', id: domId('group', group.id), 'data-group': group.id },
      h('legend', {}, h('span', { class: 'group-name' }, group.name ?? group.id), h('span', { class: 'group-hint' }, hint)),
      group.description ? h('p', { class: 'group-description' }, group.description) : null,
      h(
        'div',
        { class: 'choices' },
        refs.map((ref) => choiceElement(group, ref)),
      ),
    );
  }

  function choiceElement(group: Group, ref: string): HTMLElement {
    const isNone = ref.endsWith('.');
    const inputId = domId('choice', ref);
    const whyId = domId('why', ref);
    const input = h('input', { type: group.max === 1 ? 'radio' : 'checkbox', id: inputId, name: group.id, value: ref });
    const price = h('span', { class: 'price' });
    const badge = h('span', { class: 'badge' });
    const perk = h('span', { class: 'perk' });
    const why = h('div', { class: 'why', id: whyId });
    const trade = h('div', { class: 'trade', hidden: true });
    const label = h(
      'label',
      { for: inputId },
      h('span', { class: 'choice-name' }, isNone ? 'None' : choiceName(document, ref)),
      price,
      badge,
      perk,
    );
    const rootElement = h('div', { class: 'choice', 'data-ref': ref }, input, label, why, trade);
    // `click` covers mouse, touch, Space on a checkbox and arrows in a radio group alike.
    input.addEventListener('click', (event) => onChoiceClick(event, group, ref));
    choiceViews.set(ref, { ref, group, root: rootElement, input, price, badge, perk, why, trade });
    return rootElement;
  }

  // --- clicks ------------------------------------------------------------------------------
  function onChoiceClick(event: Event, group: Group, ref: string): void {
    const choice = answerFor(ref);
    if (choice?.state === 'excluded') {
      // Not chosen directly: offer the trade that would make it possible.
      event.preventDefault();
      openTrade = ref;
      // Focus stays on the choice (arrow keys in a radio group land here too); the trade
      // appears right after it, the next stop for Tab.
      renderTrades();
      return;
    }
    openTrade = undefined;
    const next = clickChoice(picks, shape(group), ref);
    if (sameSet(next, picks) && group.max === 1) return;
    setPicks(next, ref);
  }

  function useRecommendations(): void {
    if (!answer) return;
    const recommended = recommendedPicks(answer);
    for (const { pick, recommendation } of recommended) sources.set(pick, { kind: 'recommended', recommendation });
    picks = [...picks, ...recommended.map((r) => r.pick)];
    repairFill = true;
    void refresh();
    orderButton.focus();
  }

  function takeTheTrade(group: Group, ref: string, giveUp: string[]): void {
    openTrade = undefined;
    let next = takeTrade(picks, shape(group), ref, giveUp);
    // A preference fills its service group again whenever the group is left empty, so giving up
    // a preferred service means choosing another one of that group instead.
    for (const pick of giveUp.filter((p) => !picks.includes(p))) {
      const alternative = findGroup(document, groupOf(pick))?.choices.find(
        (c) => !c.retired && `${groupOf(pick)}.${c.id}` !== pick && answerFor(`${groupOf(pick)}.${c.id}`)?.state !== 'excluded',
      );
      if (alternative) next = [...next.filter((p) => groupOf(p) !== groupOf(pick)), `${groupOf(pick)}.${alternative.id}`];
    }
    setPicks(next, ref);
    choiceViews.get(ref)?.input.focus();
  }

  function setPicks(next: string[], clicked?: string): void {
    for (const pick of next) if (!picks.includes(pick) || pick === clicked) sources.set(pick, { kind: 'you' });
    picks = next;
    // Show the click at once; the engine's answer follows.
    for (const view of choiceViews.values())
      if (view.group.id === (clicked && groupOf(clicked))) view.input.checked = picks.includes(view.ref);
    void refresh();
  }

  // --- the engine's answer -----------------------------------------------------------------
  async function refresh(): Promise<void> {
    const request = ++latestRequest;
    summary.setAttribute('aria-busy', 'true');
    orderButton.disabled = true;
    try {
      const next = await api.configure(productId, picks, app.customerId);
      // A slower answer to an older click must not overwrite a newer one.
      if (request !== latestRequest) return;
      answer = next;
      if (fillRecommendations) {
        fillRecommendations = false;
        const recommended = recommendedPicks(next);
        if (recommended.length) {
          for (const { pick, recommendation } of recommended) sources.set(pick, { kind: 'recommended', recommendation });
          picks = [...picks, ...recommended.map((r) => r.pick)];
          repairFill = true;
          return void refresh();
        }
      }
      if (repairFill) {
        repairFill = false;
        if (!next.valid && next.repair) {
          picks = next.repair.picks.filter((p) => !next.prefilled.some((f) => f.pick === p));
          return void refresh();
        }
      }
      hideNotice();
      render();
    } catch (error) {
      if (request !== latestRequest) return;
      showNotice(errorText(error));
      if (answer) render();
    } finally {
      if (request === latestRequest) summary.removeAttribute('aria-busy');
    }
  }

  function answerFor(ref: string): ChoiceAnswer | undefined {
    return answer?.groups.find((g) => g.id === groupOf(ref))?.choices.find((c) => `${groupOf(ref)}.${c.id}` === ref);
  }

  function render(): void {
    if (!answer) return;
    const prefilled = new Set(answer.prefilled.map((p) => p.pick));
    for (const view of choiceViews.values()) {
      if (view.ref.endsWith('.')) {
        // "None": chosen when the optional group has no pick.
        const empty = !answer.groups
          .find((g) => g.id === view.group.id)
          ?.choices.some((c) => c.state === 'selected' || c.state === 'forced');
        view.input.checked = empty;
        view.root.dataset.state = empty ? 'selected' : 'available';
        continue;
      }
      const choice = answerFor(view.ref);
      const state = choice?.state ?? 'excluded';
      view.root.dataset.state = state;
      view.input.checked = state === 'selected' || state === 'forced';
      view.price.textContent = choice ? priceDifference(choice.price, answer.price.currency) : '';
      const groupAnswer = answer.groups.find((g) => g.id === view.group.id);
      const openRecommendation =
        groupAnswer?.recommended && `${view.group.id}.${groupAnswer.recommended.choice}` === view.ref && state === 'available'
          ? groupAnswer.recommended
          : undefined;
      view.badge.textContent = openRecommendation
        ? `Recommended: ${recommendationText(openRecommendation)}`
        : badgeText(view, state, prefilled.has(view.ref));
      view.root.classList.toggle('recommended', openRecommendation !== undefined);
      view.perk.textContent = perkNote(answer.perks, view.ref, choiceName(document, view.ref)) ?? '';
      if (state === 'excluded') {
        view.input.setAttribute('aria-disabled', 'true');
        view.input.setAttribute('aria-describedby', view.why.id);
        replaceChildren(view.why, ...whyUnavailable(choice));
      } else {
        view.input.removeAttribute('aria-disabled');
        view.input.removeAttribute('aria-describedby');
        view.why.textContent = '';
      }
    }
    renderTrades();
    const ready = canOrder(answer);
    renderSummary(summaryBody, summaryStatus, answer, document);
    gift.update(orderPicks(answer));
    phoneBarTotal.textContent = summaryStatus.textContent;
    orderButton.disabled = !ready || ordering;
    const toRecommend = recommendedPicks(answer).length;
    recommendButton.hidden = toRecommend === 0 || !answer.valid;
    recommendButton.textContent = toRecommend === 1 ? 'Use the recommended choice' : `Use the ${toRecommend} recommended choices`;
    applyRepairButton();
  }

  function badgeText(view: ChoiceView, state: ChoiceAnswer['state'], isPrefilled: boolean): string {
    if (state === 'excluded') return 'Unavailable';
    if (state === 'forced') return 'The only choice left: included';
    if (state !== 'selected') return '';
    if (isPrefilled) return `Your usual ${(view.group.name ?? view.group.id).toLowerCase()}`;
    const source = sources.get(view.ref);
    switch (source?.kind) {
      case 'standard':
        return 'Standard choice';
      case 'saved':
        return source.channel === 'partner'
          ? `Chosen with your reseller on ${day(source.savedAt)}`
          : `From your saved configuration (${day(source.savedAt)})`;
      case 'last-order':
        return 'From your last order';
      case 'recommended':
        return source.recommendation.source === 'catalog-default'
          ? 'Standard choice'
          : `Recommended: ${recommendationText(source.recommendation)}`;
      default:
        return '';
    }
  }

  /** "Why not: … To choose it you would give up …" in plain words. */
  function whyUnavailable(choice: ChoiceAnswer | undefined): (string | HTMLElement)[] {
    const messages = [...new Set((choice?.reasons ?? []).map((r) => sentence(r.message)))];
    const lines: (string | HTMLElement)[] = [
      h('span', { class: 'why-title' }, 'Why unavailable: '),
      messages.join(' ') || 'It does not fit your other choices.',
    ];
    if (choice?.giveUp?.length)
      lines.push(
        h(
          'span',
          { class: 'give-up' },
          ` To choose it, you would give up ${list(choice.giveUp.map((p) => `${choiceName(document, p)} (${groupName(document, groupOf(p)).toLowerCase()})`))}.`,
        ),
      );
    return lines;
  }

  function renderTrades(): void {
    for (const view of choiceViews.values()) {
      const choice = answerFor(view.ref);
      if (openTrade !== view.ref || choice?.state !== 'excluded') {
        view.trade.hidden = true;
        view.trade.textContent = '';
        continue;
      }
      const name = choiceName(document, view.ref);
      const giveUp = choice.giveUp ?? [];
      const keep = h(
        'button',
        {
          type: 'button',
          onclick: () => {
            openTrade = undefined;
            renderTrades();
            view.input.focus();
          },
        },
        'Keep my choices',
      );
      replaceChildren(
        view.trade,
        giveUp.length
          ? [
              h('p', {}, `To choose ${name}, give up ${list(giveUp.map((p) => choiceName(document, p)))}.`),
              h(
                'button',
                { type: 'button', class: 'primary', onclick: () => takeTheTrade(view.group, view.ref, giveUp) },
                `Give up ${list(giveUp.map((p) => choiceName(document, p)))} and choose ${name}`,
              ),
              keep,
            ]
          : [
              h(
                'p',
                {},
                `${name} cannot be chosen: ${(choice.reasons ?? []).map((r) => r.message).join('; ') || 'it is not offered to you'}.`,
              ),
              keep,
            ],
      );
      view.trade.hidden = false;
    }
  }

  /** When the picks conflict (e.g. a saved configuration after a catalog change), offer the engine's repair. */
  function applyRepairButton(): void {
    const repair = answer?.repair;
    const box = summaryBody.querySelector('.conflicts');
    if (!repair || !box) return;
    box.append(
      h(
        'button',
        { type: 'button', onclick: () => setPicks(repair.picks.filter((p) => !answer?.prefilled.some((f) => f.pick === p))) },
        'Apply the suggested fix',
      ),
    );
  }

  // --- save and order ----------------------------------------------------------------------
  async function saveAndLeave(): Promise<void> {
    saveButton.disabled = true;
    try {
      const result = await api.saveConfiguration(app.customerId, productId, picks, versionTag);
      versionTag = result.tag;
      app.flash(`Your ${document.name ?? productId} configuration is saved. Continue where you stopped any time.`);
      app.navigate('#/');
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) {
        // Someone else (a reseller, another tab) saved in between: show theirs, never overwrite it blindly.
        const latest = await api.savedConfiguration(app.customerId, productId);
        if (latest) {
          versionTag = latest.tag;
          picks = [...latest.configuration.picks];
          sources.clear();
          for (const pick of picks)
            sources.set(pick, { kind: 'saved', savedAt: latest.configuration.savedAt, channel: latest.configuration.channel });
          await refresh();
          showNotice(
            `This configuration was changed elsewhere (${changedBy(latest.configuration.channel)}) on ${day(latest.configuration.savedAt)}. We have loaded that version: check it, then save again.`,
          );
        } else {
          versionTag = undefined;
          showNotice('This configuration was changed elsewhere. Please check your choices and save again.');
        }
      } else {
        showNotice(errorText(error));
      }
    } finally {
      saveButton.disabled = false;
    }
  }

  async function placeOrder(): Promise<void> {
    // A double click reaches here once: the button is disabled before the request leaves.
    if (ordering || !answer || !canOrder(answer)) return;
    const asGift = gift.read();
    if ('problem' in asGift) return showNotice(`Your order was not placed. ${asGift.problem}`);
    ordering = true;
    orderButton.disabled = true;
    orderButton.textContent = 'Placing your order…';
    pendingOrderKey ??= newIdempotencyKey();
    try {
      const order = await api.placeOrder(
        {
          customerId: app.customerId,
          productId,
          picks: orderPicks(answer),
          ...(asGift.gift ? { gift: asGift.gift, remember: false } : {}),
        },
        pendingOrderKey,
      );
      pendingOrderKey = undefined;
      handoff.rememberOrder(order);
      app.navigate(`#/orders/${encodeURIComponent(order.orderId)}`);
    } catch (error) {
      // The API answered: that attempt is over, a new click is a new attempt. Without an
      // answer the order may exist, so the next click retries with the same key.
      if (error instanceof ApiError && error.status !== 0) pendingOrderKey = undefined;
      showNotice(`Your order was not placed. ${errorText(error)}`);
      ordering = false;
      orderButton.textContent = 'Place order';
      orderButton.disabled = !canOrder(answer);
    }
  }

  function showNotice(text: string): void {
    notice.textContent = text;
    notice.hidden = false;
  }
  function hideNotice(): void {
    notice.hidden = true;
    notice.textContent = '';
  }

  await refresh();
}

/**
 * "What changed since you stopped": today's catalog no longer has some of the saved choices.
 * Names of deleted choices come from the version the configuration was saved under.
 */
async function changesSinceSaved(
  productId: string,
  current: CatalogDocument,
  repaired: NonNullable<ContinuedConfiguration['repaired']>,
): Promise<HTMLElement> {
  const documents = [current];
  try {
    documents.push((await loadCatalog(productId, repaired.fromVersion)).document);
  } catch {
    // Ids will do.
  }
  return changesBox(
    h('h2', { id: 'changes-since-saved' }, 'What changed since you stopped'),
    repaired.changes,
    current,
    (ref) => choiceName(documents, ref),
    h('p', {}, 'The catalog has changed since you saved this configuration, so we have updated your choices. Check them, then carry on.'),
  );
}

/** Where a recommendation comes from, in the customer's words. */
function recommendationText(r: RecommendedChoice): string {
  switch (r.source) {
    case 'customer':
      return 'your usual choice';
    case 'segment':
      return 'popular with customers like you';
    case 'everyone':
      return 'the most chosen in similar orders';
    default:
      return 'our standard choice';
  }
}

function shape(group: Group): GroupShape {
  return { id: group.id, max: group.max };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function changedBy(channel: string): string {
  return channel === 'partner' ? 'by your reseller' : channel === 'admin' ? 'by our customer service' : 'in another window';
}

function savedBy(channel: string): string {
  return channel === 'partner' ? 'you and your reseller' : 'you';
}
