// An account's users: add (with groups, the Administrator group among them, and an
// optional console password), edit groups, set or remove the password, delete.

import * as api from './api.js';
import { add, busy, clear, confirmAction, errorArea, field, flash, h, hideError, pageHeader, showError,
  timeCell } from './dom.js';

const ADMINISTRATOR = 'Administrator';

/** "Custom Group 2, Custom Group 3" -> ["Custom Group 2", "Custom Group 3"], without Administrator (a checkbox). */
function parseGroups(text) {
  return text.split(',').map((g) => g.trim()).filter((g) => g.length > 0 && g !== ADMINISTRATOR);
}

function groupsOf(administrator, otherText) {
  const groups = (administrator ? [ADMINISTRATOR] : []).concat(parseGroups(otherText));
  return groups.filter((g, i) => groups.indexOf(g) === i);
}

export function renderUsers(ctx) {
  const { view, accountId } = ctx;
  const loadError = errorArea('users-error');
  const tbody = h('tbody');
  const table = h('table', { class: 'table', id: 'users-table', 'data-testid': 'users-table' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col', text: 'Name' }),
      h('th', { scope: 'col', text: 'Email address' }),
      h('th', { scope: 'col', text: 'Groups' }),
      h('th', { scope: 'col', text: 'Console password' }),
      h('th', { scope: 'col', text: 'Created' }),
      h('th', { scope: 'col', text: 'Last sign-in' }),
      h('th', { scope: 'col', class: 'col-actions', text: 'Actions' }))),
    tbody);
  const empty = h('p', { class: 'empty', id: 'users-empty', text: 'No users yet.', hidden: true });
  const flashSlot = h('div', { class: 'flash-slot' });
  const dialogSlot = h('div');

  add(view, 
    pageHeader(ctx, 'Users',
      'People of this account. Users in the Administrator group with a password can sign in to this console '
      + 'and administer this account.'),
    flashSlot,
    createForm(),
    h('section', { class: 'card' }, loadError, table, empty),
    dialogSlot);

  function createForm() {
    const first = h('input', { id: 'user-create-first', name: 'firstName', type: 'text', required: true,
      autocomplete: 'off' });
    const last = h('input', { id: 'user-create-last', name: 'lastName', type: 'text', required: true,
      autocomplete: 'off' });
    const email = h('input', { id: 'user-create-email', name: 'emailAddress', type: 'email', required: true,
      autocomplete: 'off' });
    const admin = h('input', { id: 'user-create-admin', name: 'administrator', type: 'checkbox',
      'data-testid': 'user-create-admin' });
    const groups = h('input', { id: 'user-create-groups', name: 'userGroups', type: 'text', autocomplete: 'off',
      placeholder: 'e.g. Custom Group 2, Custom Group 3' });
    const password = h('input', { id: 'user-create-password', name: 'password', type: 'password',
      autocomplete: 'new-password', minlength: '10', maxlength: '256' });
    const submit = h('button', { type: 'submit', class: 'button button-primary', id: 'user-create-submit',
      'data-testid': 'user-create-submit', text: 'Add user' });
    const error = errorArea('user-create-error');
    const form = h('form', { class: 'card', id: 'user-create-form', novalidate: true },
      h('h2', { text: 'Add user' }),
      h('div', { class: 'form-grid form-grid-3' },
        field('First name', first),
        field('Last name', last),
        field('Email address', email),
        h('div', { class: 'field' },
          h('span', { class: 'field-label', text: 'Groups' }),
          h('div', { class: 'checkbox' }, admin, h('label', { for: admin.id, text: ADMINISTRATOR })),
          h('label', { class: 'visually-hidden', for: groups.id, text: 'Other groups, separated by commas' }),
          groups,
          h('p', { class: 'hint', text: 'Other groups, separated by commas.' })),
        field('Console password (optional)', password,
          '10 to 256 characters. Needed to sign in to this console (Administrator group only).')),
      error,
      h('div', { class: 'form-actions' }, submit));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      hideError(error);
      const body = { firstName: first.value.trim(), lastName: last.value.trim(), emailAddress: email.value.trim() };
      const userGroups = groupsOf(admin.checked, groups.value);
      if (userGroups.length > 0) {
        body.userGroups = userGroups;
      }
      if (password.value) {
        body.password = password.value;
      }
      const restore = busy(submit, 'Adding…');
      try {
        const user = await api.post('/admin/v1/accounts/' + api.seg(accountId) + '/users', body);
        for (const input of [first, last, email, groups, password]) {
          input.value = '';
        }
        admin.checked = false;
        flash(flashSlot, 'User ' + user.emailAddress + ' added.');
        await load();
      } catch (e) {
        showError(error, e);
      } finally {
        restore();
      }
    });
    return form;
  }

  async function load() {
    hideError(loadError);
    let users;
    try {
      users = await api.get('/admin/v1/accounts/' + api.seg(accountId) + '/users?limit=1000');
    } catch (e) {
      showError(loadError, e);
      table.hidden = true;
      return;
    }
    tbody.replaceChildren(...users.map(row));
    empty.hidden = users.length > 0;
    table.hidden = users.length === 0;
  }

  function row(user) {
    const groups = user.userGroups || [];
    return h('tr', { 'data-user-id': user.userId, 'data-testid': 'user-row', 'data-email': user.emailAddress },
      h('td', { class: 'strong', 'data-testid': 'user-name', text: user.firstName + ' ' + user.lastName }),
      h('td', { 'data-testid': 'user-email', text: user.emailAddress }),
      h('td', { 'data-testid': 'user-groups' }, groups.length
        ? h('div', { class: 'chips' }, groups.map((g) => h('span', {
          class: g === ADMINISTRATOR ? 'chip chip-admin' : 'chip', text: g })))
        : h('span', { class: 'muted', text: 'None' })),
      h('td', { 'data-testid': 'user-password' }, user.passwordSet
        ? h('span', { text: 'Set' }) : h('span', { class: 'muted', text: 'Not set' })),
      h('td', {}, timeCell(user.createdDate)),
      h('td', { 'data-testid': 'user-last-signin' }, timeCell(user.lastSignInDate, 'Never')),
      h('td', { class: 'col-actions' },
        h('button', { type: 'button', class: 'button button-small', 'data-testid': 'user-edit', text: 'Edit',
          on: { click: () => editUser(user) } }),
        h('button', { type: 'button', class: 'button button-small button-danger-quiet', 'data-testid': 'user-delete',
          text: 'Delete', on: { click: () => deleteUser(user) } })));
  }

  function editUser(user) {
    const groups = user.userGroups || [];
    const admin = h('input', { id: 'user-edit-admin', type: 'checkbox', checked: groups.includes(ADMINISTRATOR),
      'data-testid': 'user-edit-admin' });
    const others = h('input', { id: 'user-edit-groups', type: 'text', autocomplete: 'off',
      placeholder: 'e.g. Custom Group 2, Custom Group 3',
      value: groups.filter((g) => g !== ADMINISTRATOR).join(', ') });
    const password = h('input', { id: 'user-edit-password', type: 'password', autocomplete: 'new-password',
      minlength: '10', maxlength: '256', 'aria-describedby': 'user-edit-password-hint' });
    const removePassword = h('input', { id: 'user-edit-remove-password', type: 'checkbox',
      'data-testid': 'user-edit-remove-password' });
    const error = errorArea('user-edit-error');
    const save = h('button', { type: 'submit', class: 'button button-primary', id: 'user-edit-save',
      'data-testid': 'user-edit-save', text: 'Save' });
    const cancel = h('button', { type: 'button', class: 'button', id: 'user-edit-cancel',
      'data-testid': 'user-edit-cancel', text: 'Cancel' });
    const form = h('form', { class: 'dialog-body', novalidate: true },
      h('h2', { id: 'user-edit-title', text: 'Edit ' + user.firstName + ' ' + user.lastName }),
      h('p', { class: 'muted', text: user.emailAddress }),
      h('div', { class: 'field' },
        h('span', { class: 'field-label', text: 'Groups' }),
        h('div', { class: 'checkbox' }, admin, h('label', { for: admin.id, text: ADMINISTRATOR + ' (may sign in to '
          + 'this console and administer the account)' })),
        h('label', { class: 'visually-hidden', for: others.id, text: 'Other groups, separated by commas' }),
        others,
        h('p', { class: 'hint', text: 'Other groups, separated by commas.' })),
      field(user.passwordSet ? 'Reset the console password' : 'Set a console password', password,
        'Leave empty to keep it as it is. 10 to 256 characters.'),
      user.passwordSet ? h('div', { class: 'checkbox' }, removePassword,
        h('label', { for: removePassword.id, text: 'Remove the password (the user can no longer sign in)' })) : null,
      error,
      h('div', { class: 'dialog-actions' }, cancel, save));
    const dialog = h('dialog', { class: 'dialog', id: 'user-dialog', 'data-testid': 'user-dialog',
      'aria-labelledby': 'user-edit-title' }, form);
    clear(dialogSlot).appendChild(dialog);

    dialog.addEventListener('close', () => dialog.remove());
    cancel.addEventListener('click', () => dialog.close());
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      hideError(error);
      const userGroups = groupsOf(admin.checked, others.value);
      const body = { userGroups: userGroups.length > 0 ? userGroups : null };
      if (removePassword.checked) {
        body.password = null;
      } else if (password.value) {
        body.password = password.value;
      }
      const restore = busy(save, 'Saving…');
      try {
        await api.put('/admin/v1/users/' + api.seg(user.userId), body);
      } catch (e) {
        restore();
        showError(error, e);
        return;
      }
      restore();
      dialog.close();
      flash(flashSlot, 'User ' + user.emailAddress + ' updated.');
      await load();
    });
    dialog.showModal();
    admin.focus();
  }

  async function deleteUser(user) {
    const confirmed = await confirmAction({
      title: 'Delete user',
      message: 'Delete the user ' + user.firstName + ' ' + user.lastName + ' (' + user.emailAddress + ')?',
      warning: 'This cannot be undone.',
      okLabel: 'Delete',
      danger: true,
      action: () => api.del('/admin/v1/users/' + api.seg(user.userId)),
    });
    if (!confirmed) {
      return;
    }
    flash(flashSlot, 'User ' + user.emailAddress + ' deleted.');
    await load();
  }

  load();
}
