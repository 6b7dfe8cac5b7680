// Station monitoring: every store of the account as the cash register monitoring
// sees it (derived state, status and its meaning, last push, last ticket), refreshed
// every few seconds while the screen is open. Leaving the screen stops the refresh.

import * as api from './api.js';
import { add, badge, h, listCard, pageHeader, timeCell } from './dom.js';

const REFRESH_SECONDS = 10;
const STATES = [
  { state: 'online', tone: 'ok', help: 'pushing, and the cash register is online' },
  { state: 'degraded', tone: 'warn', help: 'pushing, but reporting a problem' },
  { state: 'offline', tone: 'bad', help: 'no push within the offline timeout' },
];
const TONE = Object.fromEntries(STATES.map((s) => [s.state, s.tone]));

export function renderMonitoring(ctx) {
  const { view, accountId } = ctx;
  const list = listCard('monitoring', ['Station', 'State', 'Status', 'Since', 'Last push', 'Last ticket',
    { text: 'Pushes', class: 'num' }, 'History'], 'This account has no stores yet: every store is a station.');
  const summary = h('div', { class: 'summary', id: 'monitoring-summary' });
  const updated = h('span', { class: 'muted', id: 'monitoring-updated', role: 'status', text: 'Loading\u2026' });
  const refreshNow = h('button', { type: 'button', class: 'button button-small', id: 'monitoring-refresh',
    text: 'Refresh now' });
  const openHistories = new Set(); // stations whose history the user opened: kept open across refreshes
  let timer = null;
  let loading = null; // the load under way, if any
  let stopped = false;
  let refreshes = 0;

  add(view,
    pageHeader(ctx, 'Station monitoring',
      'Each station\u2019s cash register status as it pushes it. ' + STATES.map((s) => s.state[0].toUpperCase()
        + s.state.slice(1) + ': ' + s.help).join('; ') + '.',
      h('div', { class: 'refresh-line' }, updated, refreshNow)),
    summary,
    list.node);

  refreshNow.addEventListener('click', refresh);

  /** Loads now and schedules the next refresh; a click on Refresh now while one is under way joins it. */
  async function refresh() {
    clearTimeout(timer);
    timer = null;
    if (!loading) {
      loading = load().finally(() => {
        loading = null;
      });
    }
    await loading;
    if (!stopped && !timer) {
      timer = setTimeout(refresh, REFRESH_SECONDS * 1000);
    }
  }

  async function load() {
    const stations = await list.load(() => api.get('/admin/v1/accounts/' + api.seg(accountId) + '/monitoring'), row);
    if (stations && !stopped) {
      showSummary(stations);
      refreshes += 1;
      updated.dataset.refreshes = String(refreshes);
      updated.textContent = 'Updated ' + new Date().toLocaleTimeString() + ' \u00b7 refreshes every '
        + REFRESH_SECONDS + ' s';
    }
  }

  function showSummary(stations) {
    summary.replaceChildren(...STATES.map(({ state, tone }) =>
      h('div', { class: 'summary-item summary-' + tone, 'data-testid': 'summary-' + state },
        h('span', { class: 'summary-count', text: String(stations.filter((s) => s.state === state).length) }),
        h('span', { class: 'summary-label', text: state }))));
  }

  function row(s) {
    const status = s.status === null
      ? h('span', { class: 'muted', text: 'No push yet' })
      : h('span', {}, h('code', { class: 'status-code', text: String(s.status) }), ' ', s.statusMeaning);
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
      h('td', {}, badge(s.state, TONE[s.state] || 'info', 'station-state')),
      h('td', { class: 'col-status', 'data-testid': 'station-status' }, status,
        notes.length ? h('div', { class: 'chips' }, notes) : null),
      h('td', {}, timeCell(s.since, '\u2014', true)),
      h('td', { 'data-testid': 'station-last-push' }, timeCell(s.lastPush, 'Never', true)),
      h('td', { 'data-testid': 'station-last-ticket' }, timeCell(s.lastTicketDate, 'None', true)),
      h('td', { class: 'num', 'data-testid': 'station-pushes', text: String(s.pushes) }),
      h('td', {}, history(s)));
  }

  function history(s) {
    if (s.history.length === 0) {
      return h('span', { class: 'muted', text: '\u2014' });
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
    clearTimeout(timer);
  };
}
