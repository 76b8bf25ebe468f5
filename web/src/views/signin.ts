/** Sign in with an e-mail address (the local stand-in for Cognito: `POST /dev/login`). */
import { api, ApiError, errorText } from '../api.ts';
import { h, replaceChildren } from '../dom.ts';
import { session } from '../session.ts';

export function showSignIn(root: HTMLElement, onSignedIn: () => void, message?: string): void {
  const error = h('p', { class: 'notice', role: 'alert', id: 'signin-error', hidden: !message }, message ?? '');
  const email = h('input', { type: 'email', id: 'email', name: 'email', autocomplete: 'email', required: true, 'aria-describedby': 'signin-error' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h('form', { class: 'signin', novalidate: true },
    h('label', { for: 'email' }, 'Your e-mail address'),
    email,
    submit,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const address = email.value.trim();
    if (!email.checkValidity() || !address) {
      error.textContent = 'Please enter your e-mail address, for example ada@example.com.';
      error.hidden = false;
      email.focus();
      return;
    }
    submit.disabled = true;
    try {
      const { token, customerId } = await api.signIn(address);
      session.start({ token, customerId, email: address });
      onSignedIn();
    } catch (failure) {
      error.textContent = failure instanceof ApiError && failure.status === 404 ? 'Signing in with only an e-mail address works on the local version; here, use your account.' : errorText(failure);
      error.hidden = false;
      submit.disabled = false;
    }
  });
  replaceChildren(root,
    h('section', { class: 'signin-page', 'aria-labelledby': 'signin-title' },
      h('h1', { id: 'signin-title' }, 'Sign in'),
      h('p', {}, 'Sign in to configure your products, pick up where you stopped and reorder in one click.'),
      error,
      form,
    ),
  );
  email.focus();
}
