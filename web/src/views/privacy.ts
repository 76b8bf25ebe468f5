/**
 * "Your data" on the profile: opting out of profiling (no questions, nothing learned about the
 * customer personally, their own order statistics forgotten) and erasing the account. Erasing
 * asks once more, in place; afterwards the customer is signed out.
 */
import { api, errorText, type CustomerView } from '../api.ts';
import type { AppContext } from '../app.ts';
import { h, replaceChildren } from '../dom.ts';

export function privacySection(app: AppContext, customer: CustomerView): HTMLElement {
  const optOutStatus = h('p', { class: 'notice', role: 'status', hidden: true });
  const optOut = h('input', { type: 'checkbox', id: 'do-not-profile', checked: customer.doNotProfile });
  const optOutForm = h(
    'form',
    { class: 'opt-out' },
    h('h3', {}, 'Profiling'),
    h('div', { class: 'choice' }, optOut, h('label', { for: 'do-not-profile' }, 'Do not profile me')),
    h(
      'p',
      { class: 'hint' },
      'We then ask you no questions, keep no statistics of your own orders and recommend from everyone’s orders only. Your preferences and your usual order stay.',
    ),
    h('button', { type: 'submit' }, 'Save this choice'),
    optOutStatus,
  );
  optOutForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const now = await api.updatePreferences(app.customerId, { doNotProfile: optOut.checked });
      optOut.checked = now.doNotProfile;
      optOutStatus.textContent = now.doNotProfile ? 'You are no longer profiled.' : 'We may profile you again to serve you better.';
      optOutStatus.classList.add('ok');
    } catch (error) {
      optOutStatus.textContent = errorText(error);
      optOutStatus.classList.remove('ok');
    }
    optOutStatus.hidden = false;
  });

  const eraseMessage = h('p', { class: 'notice', role: 'alert', hidden: true });
  const eraseActions = h('div', { class: 'actions' });
  const offerErase = () =>
    replaceChildren(eraseActions, h('button', { type: 'button', class: 'danger', onclick: askToErase }, 'Erase my data'));
  function askToErase(): void {
    const yes = h('button', { type: 'button', class: 'primary danger', onclick: () => void erase() }, 'Yes, erase my data');
    replaceChildren(
      eraseActions,
      h('p', {}, 'Erase your profile, preferences, saved configurations and usual orders? This cannot be undone.'),
      yes,
      h('button', { type: 'button', onclick: offerErase }, 'Keep my data'),
    );
    yes.focus();
  }
  async function erase(): Promise<void> {
    for (const button of eraseActions.querySelectorAll('button')) button.disabled = true;
    try {
      await api.eraseCustomer(app.customerId);
      app.signOut('Your data is erased. Thank you for having been our customer.');
    } catch (error) {
      eraseMessage.textContent = `Your data was not erased. ${errorText(error)}`;
      eraseMessage.hidden = false;
      offerErase();
    }
  }
  offerErase();

  return h(
    'section',
    { class: 'privacy', 'aria-labelledby': 'privacy-title' },
    h('h2', { id: 'privacy-title' }, 'Your data'),
    optOutForm,
    h(
      'div',
      { class: 'erase' },
      h('h3', {}, 'Erase your data'),
      h(
        'p',
        { class: 'hint' },
        'Your orders stay for our accounts, without your name, e-mail or any gift recipient’s address. You are signed out.',
      ),
      eraseMessage,
      eraseActions,
    ),
  );
}
