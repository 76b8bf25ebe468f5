/**
 * The profile: preferences (packaging, invoice and delivery as choices of the catalogs'
 * service groups; how and how often we may contact them) and at most two short questions per
 * visit, each answered or skipped.
 */
import { api, errorText, type CustomerView } from '../api.ts';
import type { AppContext } from '../app.ts';
import { loadCatalog } from '../catalog.ts';
import { domId, h, replaceChildren } from '../dom.ts';
import { privacySection } from './privacy.ts';

const SERVICE_GROUPS = ['packaging', 'invoice', 'delivery'] as const;
const CONTACT_CHANNELS: [string, string][] = [
  ['email', 'E-mail'],
  ['phone', 'Phone'],
  ['sms', 'Text message'],
  ['post', 'Post'],
  ['none', 'Please don’t contact me'],
];
const CONTACT_FREQUENCIES: [string, string][] = [
  ['weekly', 'Weekly'],
  ['monthly', 'Monthly'],
  ['quarterly', 'Every three months'],
  ['never', 'Never'],
];

export async function showProfile(root: HTMLElement, app: AppContext): Promise<void> {
  replaceChildren(root, h('p', { class: 'loading' }, 'Loading your profile…'));
  // One read per visit: each read of the profile moves on to the next questions.
  const [customer, products] = await Promise.all([api.customer(app.customerId), api.products()]);
  const documents = await Promise.all(products.map((p) => loadCatalog(p.productId).then((c) => c.document)));

  // The service choices every catalog offers, by group (the API accepts a choice any catalog has).
  const serviceOptions = new Map<string, { group: string; choices: Map<string, string> }>();
  for (const document of documents) {
    for (const group of document.groups.filter((g) => (SERVICE_GROUPS as readonly string[]).includes(g.id))) {
      const entry = serviceOptions.get(group.id) ?? { group: group.name ?? group.id, choices: new Map() };
      for (const choice of group.choices.filter((c) => !c.retired && !c.tiers)) entry.choices.set(choice.id, choice.name ?? choice.id);
      serviceOptions.set(group.id, entry);
    }
  }

  const status = h('p', { class: 'notice', role: 'status', hidden: true });
  const selects = new Map<string, HTMLSelectElement>();
  const select = (name: string, label: string, options: [string, string][], current: string | null | undefined, hint?: string) => {
    const element = h(
      'select',
      { id: `pref-${name}`, name },
      h('option', { value: '' }, 'No preference'),
      options.map(([value, text]) => h('option', { value, selected: value === current }, text)),
    );
    selects.set(name, element);
    return h('div', { class: 'field' }, h('label', { for: `pref-${name}` }, label), hint ? h('p', { class: 'hint' }, hint) : null, element);
  };

  const preferencesForm = h(
    'form',
    { class: 'preferences', 'aria-labelledby': 'preferences-title' },
    h('h2', { id: 'preferences-title' }, 'Your preferences'),
    h('p', {}, 'We pre-fill these in every new configuration. You can still change them each time.'),
    SERVICE_GROUPS.filter((g) => serviceOptions.has(g)).map((g) =>
      select(g, serviceOptions.get(g)!.group, [...serviceOptions.get(g)!.choices], customer.preferences[g]),
    ),
    select('contactChannel', 'How we contact you', CONTACT_CHANNELS, customer.preferences.contactChannel),
    select('contactFrequency', 'How often we may contact you', CONTACT_FREQUENCIES, customer.preferences.contactFrequency),
    h('button', { type: 'submit', class: 'primary' }, 'Save preferences'),
    status,
  );
  preferencesForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const patch = Object.fromEntries([...selects].map(([name, element]) => [name, element.value || null]));
    try {
      await api.updatePreferences(app.customerId, patch);
      status.textContent = 'Your preferences are saved.';
      status.classList.add('ok');
    } catch (error) {
      status.textContent = errorText(error);
      status.classList.remove('ok');
    }
    status.hidden = false;
  });

  replaceChildren(
    root,
    h('h1', {}, 'Your profile'),
    h('p', { class: 'lead' }, `Signed in as ${customer.contact.email ?? app.email}.`),
    preferencesForm,
    questionsSection(app, customer),
    privacySection(app, customer),
  );
}

/** The questions of this visit. Answered or skipped ones disappear; no new ones come until the next visit. */
function questionsSection(app: AppContext, customer: CustomerView): HTMLElement | null {
  if (!customer.questions.length) return null;
  const section = h(
    'section',
    { class: 'questions', 'aria-labelledby': 'questions-title' },
    h('h2', { id: 'questions-title' }, 'Two quick questions'),
    h('p', {}, 'Your answers help us prepare your next order. Skip any you prefer not to answer.'),
  );
  for (const question of customer.questions) {
    const inputId = domId('answer', question.id);
    const message = h('p', { class: 'notice', role: 'alert', hidden: true });
    const field =
      question.kind === 'choice'
        ? h(
            'div',
            { class: 'options' },
            question.options.map((option) =>
              h(
                'div',
                { class: 'choice' },
                h('input', { type: 'radio', name: inputId, id: `${inputId}-${option.value}`, value: option.value }),
                h('label', { for: `${inputId}-${option.value}` }, option.label),
              ),
            ),
          )
        : h(
            'div',
            { class: 'field' },
            h('label', { for: inputId, class: 'visually-hidden' }, question.text),
            h('input', { type: 'text', id: inputId, maxlength: '200' }),
          );
    const form = h(
      'form',
      { class: 'question' },
      h(
        'fieldset',
        {},
        h('legend', {}, question.text),
        field,
        message,
        h(
          'div',
          { class: 'actions' },
          h('button', { type: 'submit', class: 'primary' }, 'Answer'),
          h('button', { type: 'button', 'data-skip': '' }, 'Skip this question'),
        ),
      ),
    );
    const send = async (answer: string | null) => {
      try {
        await api.updatePreferences(app.customerId, { answers: { [question.id]: answer } });
        form.replaceWith(
          h('p', { class: 'answered', role: 'status' }, answer === null ? 'Skipped. We won’t ask again.' : 'Thank you for your answer.'),
        );
      } catch (error) {
        message.textContent = errorText(error);
        message.hidden = false;
      }
    };
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const value =
        question.kind === 'choice'
          ? form.querySelector<HTMLInputElement>('input:checked')?.value
          : form.querySelector<HTMLInputElement>('input')?.value.trim();
      if (!value) {
        message.textContent =
          question.kind === 'choice' ? 'Choose an answer, or skip the question.' : 'Type an answer, or skip the question.';
        message.hidden = false;
        return;
      }
      void send(value);
    });
    form.querySelector('[data-skip]')!.addEventListener('click', () => void send(null));
    section.append(form);
  }
  return section;
}
