/** Sign in: on Cognito's hosted page in AWS; locally with an e-mail address (`POST /dev/login`). */
import { api, ApiError, errorText, hostedSignInConfig } from '../api.ts';
import { startHostedSignIn, type HostedSignIn } from '../hosted-sign-in.ts';
import { h, replaceChildren } from '../dom.ts';
import { session } from '../session.ts';

export function showSignIn(root: HTMLElement, onSignedIn: () => void, message?: string): void {
  const hosted = hostedSignInConfig();
  if (hosted) {
    showHostedSignIn(root, hosted, message);
    return;
  }
  const error = h('p', { class: 'notice', role: 'alert', id: 'signin-error', hidden: !message }, message ?? '');
  const email = h('input', {
    type: 'email',
    id: 'email',
    name: 'email',
    autocomplete: 'email',
    required: true,
    'aria-describedby': 'signin-error',
  });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h('form', { class: 'signin', novalidate: true }, h('label', { for: 'email' }, 'Your e-mail address'), email, submit);
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
      error.textContent =
        failure instanceof ApiError && failure.status === 404
          ? 'Signing in with only an e-mail address works on the local version; here, use your account.'
          : errorText(failure);
      error.hidden = false;
      submit.disabled = false;
    }
  });
  replaceChildren(
    root,
    h(
      'section',
      { class: 'signin-page', 'aria-labelledby': 'signin-title' },
      h('h1', { id: 'signin-title' }, 'Sign in'),
      h('p', {}, 'Sign in to configure your products, pick up where you stopped and reorder in one click.'),
      error,
      form,
    ),
  );
  email.focus();
}

/** In AWS: one button to Cognito's hosted sign-in page (sign up, password reset and MFA live there). */
function showHostedSignIn(root: HTMLElement, hosted: HostedSignIn, message?: string): void {
  const error = h('p', { class: 'notice', role: 'alert', hidden: !message }, message ?? '');
  const button = h('button', { type: 'button', class: 'primary' }, 'Sign in or create an account');
  button.addEventListener('click', () => {
    button.disabled = true;
    void startHostedSignIn(hosted);
  });
  replaceChildren(
    root,
    h(
      'section',
      { class: 'signin-page', 'aria-labelledby': 'signin-title' },
      h('h1', { id: 'signin-title' }, 'Sign in'),
      h('p', {}, 'Sign in to configure your products, pick up where you stopped and reorder in one click.'),
      error,
      button,
    ),
  );
  button.focus();
}
