// Station monitoring: every store of the account as the cash register monitoring
// sees it (derived state, status and its meaning, last push, last ticket), refreshed
// every few seconds while the screen is open.

import * as api from './api.js';
import { add, badge, errorArea, h, hideError, pageHeader, showError, timeCell } from './dom.js';

const REFRESH_MILLIS = 5000;
const STATE_TONE = { online: 'ok', degraded: 'warn', offline: 'bad' };
const STATE_HELP = {
  online: 'Pushing, and the cash register is online.',
  degraded: 'Pushing, but reporting a problem.',
  offline: 'No push within the offline timeout.',
};

export function renderMonitoring(ctx) {
  const { view, accountId } = ctx;
  const loadError = errorArea('monitoring-error');
  const tbody = h('tbody');
  const table = h('table', { class: 'table', id: 'monitoring-table', 'data-testid': 'monitoring-table' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col', text: 'Station' }),
      h('th', { scope: 'col', text: 'State' }),
      h('th', { scope: 'col', text: 'Status' }),
      h('th', { scope: 'col', text: 'Since' }),
      h('th', { scope: 'col', text: 'Last push' }),
      h('th', { scope: 'col', text: 'Last ticket' }),
      h('th', { scope: 'col', class: 'num', text: 'Pushes' }),
      h('th', { scope: 'col', text: 'History' }))),
    tbody);
  const empty = h('p', { class: 'empty', id: 'monitoring-empty', hidden: true,
    text: 'This account has no stores yet: every store is a station.' });
  const summary = h('div', { class: 'summary', id: 'monitoring-summary', 'data-testid': 'monitoring-summary' });
  const updated = h('span', { class: 'muted', id: 'monitoring-updated', 'data-testid': 'monitoring-updated',
    role: 'status', 'aria-live': 'polite', text: 'Loading…' });
  const refreshNow = h('button', { type: 'button', class: 'button button-small', id: 'monitoring-refresh',
    'data-testid': 'monitoring-refresh', text: 'Refresh now' });
  const openHistories = new Set();
  let timer = null;
  let stopped = false;
  let refreshes = 0;

  add(view, 
    pageHeader(ctx, 'Station monitoring',
      'Each station\u2019s cash register status as it pushes it. Online: pushing and healthy; degraded: pushing '
      + 'a problem; offline: no push within the timeout.',
      h('div', { class: 'refresh-line' }, updated, refreshNow)),
    summary,
    h('section', { class: 'card' }, loadError, table, empty));

  refreshNow.addEventListener('click', () => refresh());

  async function refresh() {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    try {
      const stations = await api.get('/admin/v1/accounts/' + api.seg(accountId) + '/monitoring');
      if (stopped) {
        return;
      }
      hideError(loadError);
      render(stations);
      refreshes += 1;
      updated.dataset.refreshes = String(refreshes);
      updated.textContent = 'Updated ' + new Date().toLocaleTimeString() + ' \u00b7 refreshes every '
        + REFRESH_MILLIS / 1000 + ' s';
    } catch (e) {
      if (stopped) {
        return;
      }
      showError(loadError, e);
      if (e.status === 401) {
        return; // the session is gone: the console is back on the sign-in screen
      }
    }
    if (!stopped) {
      timer = setTimeout(refresh, REFRESH_MILLIS);
    }
  }

  function render(stations) {
    const counts = { online: 0, degraded: 0, offline: 0 };
    for (const s of stations) {
      counts[s.state] = (counts[s.state] || 0) + 1;
    }
    summary.replaceChildren(...['online', 'degraded', 'offline'].map((state) =>
      h('div', { class: 'summary-item summary-' + STATE_TONE[state], 'data-testid': 'summary-' + state },
        h('span', { class: 'summary-count', text: String(counts[state]) }),
        h('span', { class: 'summary-label', text: state }))));
    tbody.replaceChildren(...stations.map(row));
    empty.hidden = stations.length > 0;
    table.hidden = stations.length === 0;
  }

  function row(s) {
    const status = s.status === null || s.status === undefined
      ? h('span', { class: 'muted', text: 'No push yet' })
      : h('span', {}, h('code', { class: 'status-code', text: String(s.status) }), ' ', s.statusMeaning || '');
    const notes = [];
    if (s.clockSkewed) {
      notes.push(h('span', { class: 'chip chip-warn', 'data-testid': 'station-skew',
        text: 'Clock off by ' + s.clockSkewSeconds + ' s' }));
    }
    if (s.cloudOnline === false) {
      notes.push(h('span', { class: 'chip chip-warn', text: 'Cloud offline' }));
    }
    return h('tr', { 'data-station-id': s.stationId, 'data-testid': 'station-row', 'data-state': s.state },
      h('td', {}, h('code', { 'data-testid': 'station-id', text: s.stationId })),
      h('td', {}, badge(s.state, STATE_TONE[s.state] || 'info', 'station-state'),
        h('span', { class: 'visually-hidden', text: ' ' + (STATE_HELP[s.state] || '') })),
      h('td', { 'data-testid': 'station-status' }, status, notes.length ? h('div', { class: 'chips' }, notes) : null),
      h('td', {}, timeCell(s.since)),
      h('td', { 'data-testid': 'station-last-push' }, timeCell(s.lastPush, 'Never')),
      h('td', { 'data-testid': 'station-last-ticket' }, timeCell(s.lastTicketDate, 'None')),
      h('td', { class: 'num', 'data-testid': 'station-pushes', text: String(s.pushes) }),
      h('td', {}, history(s)));
  }

  function history(s) {
    if (!s.history || s.history.length === 0) {
      return h('span', { class: 'muted', text: '—' });
    }
    const details = h('details', { open: openHistories.has(s.stationId) },
      h('summary', { text: s.history.length + (s.history.length === 1 ? ' change' : ' changes') }),
      h('ol', { class: 'history' }, s.history.map((c) => h('li', {},
        timeCell(c.since), ' ', h('code', { class: 'status-code', text: String(c.status) }), ' ', c.statusMeaning))));
    details.addEventListener('toggle', () => {
      if (details.open) {
        openHistories.add(s.stationId);
      } else {
        openHistories.delete(s.stationId);
      }
    });
    return details;
  }

  refresh();
  return () => {
    stopped = true;
    if (timer) {
      clearTimeout(timer);
    }
  };
}
