// An account's users: add (with groups, the Administrator group among them, and an
// optional console password), edit groups, set or remove the password, delete. A user
// in the Administrator group with a password may sign in to this console.

import * as api from './api.js';
import { add, confirmAction, errorArea, field, flash, h, listCard, onSubmit, pageHeader, timeCell } from './dom.js';

const ADMINISTRATOR = 'Administrator';
const PAGE = 1000; // the admin API's largest page

/**
 * The groups editor: an Administrator checkbox and a text field for the other groups,
 * comma-separated. Returns {node, groups()}; groups() is the list to send, without repeats.
 */
function groupsField(idPrefix, current, adminLabel) {
  const admin = h('input', { id: idPrefix + '-admin', type: 'checkbox', checked: current.includes(ADMINISTRATOR) });
  const others = h('input', { id: idPrefix + '-groups', type: 'text', autocomplete: 'off',
    placeholder: 'e.g. Custom Group 2, Custom Group 3', 'aria-describedby': idPrefix + '-groups-hint',
    value: current.filter((g) => g !== ADMINISTRATOR).join(', ') });
  return {
    node: h('fieldset', { class: 'field' },
      h('legend', { text: 'Groups' }),
      h('div', { class: 'checkbox' }, admin, h('label', { for: admin.id, text: adminLabel })),
      h('label', { class: 'visually-hidden', for: others.id, text: 'Other groups' }),
      others,
      h('p', { class: 'hint', id: idPrefix + '-groups-hint', text: 'Other groups, separated by commas.' })),
    groups() {
      const named = others.value.split(',').map((g) => g.trim()).filter((g) => g.length > 0 && g !== ADMINISTRATOR);
      const all = (admin.checked ? [ADMINISTRATOR] : []).concat(named);
      return all.filter((g, i) => all.indexOf(g) === i);
    },
  };
}

function passwordInput(id) {
  return h('input', { id, type: 'password', autocomplete: 'new-password', minlength: '10', maxlength: '256' });
}

/** Every user of the account, a page of the admin API at a time. */
async function allUsers(accountId) {
  const users = [];
  for (;;) {
    const page = await api.get('/admin/v1/accounts/' + api.seg(accountId) + '/users?offset=' + users.length
      + '&limit=' + PAGE);
    users.push(...page);
    if (page.length < PAGE) {
      return users;
    }
  }
}

export function renderUsers(ctx) {
  const { view, accountId } = ctx;
  const list = listCard('users', ['User', 'Groups', 'Console password', 'Created', 'Last sign-in',
    { text: 'Actions', class: 'col-actions' }], 'No users yet.');
  const flashSlot = h('div', { class: 'flash-slot' });
  const dialogSlot = h('div');

  add(view,
    pageHeader(ctx, 'Users',
      'People of this account. Users in the Administrator group with a password can sign in to this console '
      + 'and administer this account.'),
    flashSlot,
    createForm(),
    list.node,
    dialogSlot);

  function createForm() {
    const first = h('input', { id: 'user-create-first', name: 'firstName', type: 'text', required: true,
      autocomplete: 'off' });
    const last = h('input', { id: 'user-create-last', name: 'lastName', type: 'text', required: true,
      autocomplete: 'off' });
    const email = h('input', { id: 'user-create-email', name: 'emailAddress', type: 'email', required: true,
      autocomplete: 'off' });
    const groups = groupsField('user-create', [], ADMINISTRATOR);
    const password = passwordInput('user-create-password');
    const submit = h('button', { type: 'submit', class: 'button button-primary', id: 'user-create-submit',
      text: 'Add user' });
    const error = errorArea('user-create-error');
    const form = h('form', { class: 'card', id: 'user-create-form', novalidate: true },
      h('h2', { text: 'Add user' }),
      h('div', { class: 'form-grid form-grid-3' },
        field('First name', first),
        field('Last name', last),
        field('Email address', email),
        groups.node,
        field('Console password (optional)', password,
          '10 to 256 characters. Lets an Administrator sign in to this console.')),
      error,
      h('div', { class: 'form-actions' }, submit));
    onSubmit(form, submit, 'Adding\u2026', error, async () => {
      const body = { firstName: first.value.trim(), lastName: last.value.trim(), emailAddress: email.value.trim() };
      const userGroups = groups.groups();
      if (userGroups.length > 0) {
        body.userGroups = userGroups;
      }
      if (password.value) {
        body.password = password.value;
      }
      const user = await api.post('/admin/v1/accounts/' + api.seg(accountId) + '/users', body);
      form.reset();
      flash(flashSlot, 'User ' + user.emailAddress + ' added.');
      await load();
    });
    return form;
  }

  function load() {
    return list.load(() => allUsers(accountId), row);
  }

  function row(user) {
    const groups = user.userGroups || [];
    return h('tr', { 'data-user-id': user.userId, 'data-testid': 'user-row', 'data-email': user.emailAddress },
      h('td', {},
        h('div', { class: 'strong', 'data-testid': 'user-name', text: user.firstName + ' ' + user.lastName }),
        h('div', { class: 'muted', 'data-testid': 'user-email', text: user.emailAddress })),
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
    const groups = groupsField('user-edit', user.userGroups || [],
      ADMINISTRATOR + ' (may sign in to this console and administer the account)');
    const password = passwordInput('user-edit-password');
    const removePassword = h('input', { id: 'user-edit-remove-password', type: 'checkbox' });
    const error = errorArea('user-edit-error');
    const save = h('button', { type: 'submit', class: 'button button-primary', id: 'user-edit-save', text: 'Save' });
    const cancel = h('button', { type: 'button', class: 'button', id: 'user-edit-cancel', text: 'Cancel' });
    const form = h('form', { class: 'dialog-body', novalidate: true },
      h('h2', { id: 'user-edit-title', text: 'Edit ' + user.firstName + ' ' + user.lastName }),
      h('p', { class: 'muted', text: user.emailAddress }),
      groups.node,
      field(user.passwordSet ? 'New console password' : 'Set a console password', password,
        (user.passwordSet ? 'Leave empty to keep the current one. ' : '') + '10 to 256 characters.'),
      user.passwordSet ? h('div', { class: 'checkbox' }, removePassword,
        h('label', { for: removePassword.id, text: 'Remove the password (the user can no longer sign in)' })) : null,
      error,
      h('div', { class: 'dialog-actions' }, cancel, save));
    const dialog = h('dialog', { class: 'dialog', id: 'user-dialog',
      'aria-labelledby': 'user-edit-title' }, form);
    dialogSlot.replaceChildren(dialog);

    dialog.addEventListener('close', () => dialog.remove());
    cancel.addEventListener('click', () => dialog.close());
    onSubmit(form, save, 'Saving\u2026', error, async () => {
      const userGroups = groups.groups();
      const body = { userGroups: userGroups.length > 0 ? userGroups : null };
      if (removePassword.checked) {
        body.password = null;
      } else if (password.value) {
        body.password = password.value;
      }
      await api.put('/admin/v1/users/' + api.seg(user.userId), body);
      dialog.close();
      flash(flashSlot, 'User ' + user.emailAddress + ' updated.');
      await load();
    });
    dialog.showModal();
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
    if (confirmed) {
      flash(flashSlot, 'User ' + user.emailAddress + ' deleted.');
      await load();
    }
  }

  load();
}
