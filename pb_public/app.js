// Folio's reference web client: sign in / sign up, my spaces, create a space, and the invitation
// landing page (/invite?token=...). Every piece of data reaches the page through textContent or
// attribute setters, never as HTML.
import * as api from './api.js';

/** h builds an element; string children become text nodes, so data is never parsed as HTML. */
function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (v === true) el.setAttribute(k, '');
    else if (v !== false && v != null) el.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c != null && c !== false) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function field(label, name, attrs = {}) {
  return h('label', {}, label, h('input', { name, ...attrs }), h('span', { class: 'field-error', 'data-for': name }));
}

/**
 * showError puts each field's message from PocketBase's error shape beside its field, and the
 * rest (the general message, errors on fields this form has no slot for) under the form.
 */
function showError(form, err) {
  for (const el of form.querySelectorAll('.field-error')) el.textContent = '';
  const data = err instanceof api.ApiError ? err.data : {};
  const rest = [];
  for (const [name, e] of Object.entries(data)) {
    const slot = form.querySelector(`.field-error[data-for="${CSS.escape(name)}"]`);
    if (slot) slot.textContent = e.message;
    else rest.push(`${name}: ${e.message}`);
  }
  const general = Object.keys(data).length > rest.length ? 'Please correct the marked fields.' : err.message;
  form.querySelector('.error').textContent = [general, ...rest].join(' ');
}

function formValues(form) {
  return Object.fromEntries(new FormData(form).entries());
}

function go(path) {
  history.pushState(null, '', path);
  render();
}

function nextPath() {
  const next = new URLSearchParams(location.search).get('next') || '/';
  return next.startsWith('/') && !next.startsWith('//') ? next : '/'; // stay on this origin
}

function renderHeader() {
  const who = document.getElementById('who');
  const me = api.auth.record;
  who.replaceChildren(me ? h('span', {}, me.name || me.email, ' ', h('button', {
    type: 'button', class: 'secondary', id: 'sign-out',
    onclick: () => { api.auth.clear(); go('/'); },
  }, 'Sign out')) : '');
}

function signInView() {
  const signIn = h('form', { id: 'sign-in' },
    field('Email', 'email', { type: 'email', required: true, autocomplete: 'username' }),
    field('Password', 'password', { type: 'password', required: true, autocomplete: 'current-password' }),
    h('button', { type: 'submit' }, 'Sign in'), h('p', { class: 'error', role: 'alert' }));
  signIn.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const { email, password } = formValues(signIn);
    try {
      await api.signIn(email, password);
      go(nextPath());
    } catch (err) { showError(signIn, err); }
  });

  const signUp = h('form', { id: 'sign-up' },
    field('Name', 'name', { autocomplete: 'name', maxlength: 120 }),
    field('Email', 'email', { type: 'email', required: true, autocomplete: 'email' }),
    field('Password (a long passphrase)', 'password', { type: 'password', required: true, autocomplete: 'new-password' }),
    h('button', { type: 'submit' }, 'Create account'), h('p', { class: 'error', role: 'alert' }));
  signUp.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const values = formValues(signUp);
    try {
      await api.signUp(values);
      await api.signIn(values.email, values.password);
      go(nextPath());
    } catch (err) { showError(signUp, err); }
  });

  return [h('section', {}, h('h2', {}, 'Sign in'), signIn),
    h('section', {}, h('h2', {}, 'Create an account'), signUp)];
}

function verifyNotice(me) {
  const status = h('span', { class: 'notice' });
  return h('section', { id: 'verify' },
    h('p', {}, 'Your email address is not verified yet. Invitations can only be accepted from a verified address.'),
    h('div', { class: 'row' },
      h('button', { type: 'button', onclick: async () => {
        try {
          await api.requestVerification(me.email);
          status.textContent = `A verification link was sent to ${me.email}.`;
        } catch (err) { status.textContent = err.message; }
      } }, 'Send the verification mail'),
      h('button', { type: 'button', class: 'secondary', onclick: async () => {
        try { await api.refreshAuth(); render(); } catch (err) { status.textContent = err.message; }
      } }, 'I have verified it')),
    status);
}

async function spacesView() {
  const me = api.auth.record;
  const list = h('ul', { class: 'spaces', id: 'my-spaces' });
  const listError = h('p', { class: 'error' });
  const create = h('form', { id: 'create-space' },
    field('Name', 'name', { required: true, maxlength: 200 }),
    field('Slug (lowercase letters, digits and dashes)', 'slug', { required: true, maxlength: 64, pattern: '[a-z0-9]+(-[a-z0-9]+)*' }),
    h('label', {}, 'Visibility', h('select', { name: 'visibility' },
      h('option', { value: 'private' }, 'Private: members only'), h('option', { value: 'public' }, 'Public: anyone can read')),
    h('span', { class: 'field-error', 'data-for': 'visibility' })),
    field('Source locale', 'source_locale', { required: true, value: 'en', maxlength: 35 }),
    h('button', { type: 'submit' }, 'Create space'), h('p', { class: 'error', role: 'alert' }));
  create.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const v = formValues(create);
    try {
      await api.createSpace({ ...v, locales: [v.source_locale] });
      create.reset();
      await fill();
    } catch (err) { showError(create, err); }
  });

  async function fill() {
    try {
      const memberships = await api.myMemberships();
      list.replaceChildren(...memberships.map((m) => h('li', { 'data-space': m.expand?.space?.id || m.space },
        h('span', {}, h('strong', {}, m.expand?.space?.name ?? m.space), ' ', h('code', {}, m.expand?.space?.slug ?? '')),
        h('span', { class: 'role' }, m.role))));
      if (!memberships.length) list.replaceChildren(h('li', {}, 'You are not a member of any space yet.'));
      listError.textContent = '';
    } catch (err) { listError.textContent = err.message; }
  }
  await fill();

  return [!me.verified && verifyNotice(me),
    h('section', {}, h('h2', {}, 'My spaces'), list, listError),
    h('section', {}, h('h2', {}, 'New space'), create)];
}

function inviteView() {
  const token = new URLSearchParams(location.search).get('token') || '';
  if (!token) return [h('section', {}, h('p', { class: 'error' }, 'This invitation link has no token. Open the link from the mail again.'))];
  const here = `/invite?token=${encodeURIComponent(token)}`;
  const status = h('p', { class: 'notice', role: 'status', id: 'invite-status' });
  const answer = (kind) => async () => {
    try {
      await api.answerInvitation(token, kind);
      status.className = 'notice';
      status.textContent = kind === 'accept' ? 'Welcome: you are now a member of the space.' : 'The invitation was declined.';
      buttons.remove();
      if (kind === 'accept') status.append(' ', h('a', { href: '/', 'data-link': true }, 'Go to my spaces'));
    } catch (err) {
      status.className = 'error';
      status.textContent = err.message;
    }
  };
  const me = api.auth.record;
  const buttons = h('div', { class: 'row' },
    me && h('button', { type: 'button', id: 'accept', onclick: answer('accept') }, 'Accept'),
    h('button', { type: 'button', id: 'decline', class: 'secondary', onclick: answer('decline') }, me ? 'Decline' : 'Decline without signing in'));
  const invite = h('section', { id: 'invitation' }, h('h2', {}, 'Invitation'),
    h('p', {}, me ? `You were invited to join a Folio space. You are signed in as ${me.email}.`
      : 'You were invited to join a Folio space. Sign in or create an account with the invited address to accept.'),
    buttons, status);
  if (me) return [invite];
  history.replaceState(null, '', `${here}&next=${encodeURIComponent(here)}`);
  return [invite, ...signInView()];
}

async function render() {
  renderHeader();
  const view = document.getElementById('view');
  let nodes;
  if (location.pathname === '/invite') nodes = inviteView();
  else if (!api.auth.record) nodes = signInView();
  else nodes = await spacesView();
  view.replaceChildren(...nodes.filter(Boolean));
}

document.addEventListener('click', (ev) => {
  const a = ev.target.closest('a[data-link]');
  if (!a || a.origin !== location.origin) return;
  ev.preventDefault();
  go(a.pathname + a.search);
});
window.addEventListener('popstate', render);
render();
