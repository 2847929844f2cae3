// The daily self-check month grid (online only, own chunk): my month as a calendar with
// each day's score and my streaks; for a manager, the team's rows (direct reports whose
// self-check campaign lets managers see it). Rules in logic.js.
import { useState } from 'preact/hooks';
import { useLoad } from '../useLoad.js';
import { request } from '../api.js';
import { register, t } from '../i18n/index.js';
import { cellText, cellsByDay, leadingBlanks, monthDays, shiftMonth } from './logic.js';
import './cycles.css';

register(import.meta.glob('../i18n/*/cycles.js', { eager: true }));

const V = '/api/v1';

function Calendar({ grid, row }) {
  const cells = cellsByDay(row);
  const names = t('cycles.grid.weekdays').split(' ');
  return (
    <div class="sc-cal" role="list" aria-label={t('cycles.grid.mine')}>
      {names.map((n) => (
        <span class="sc-wd" aria-hidden="true" key={n}>
          {n}
        </span>
      ))}
      {Array.from({ length: leadingBlanks(grid.first) }, (_, i) => (
        <span key={`b${i}`} aria-hidden="true" />
      ))}
      {monthDays(grid.first, grid.last).map((day) => {
        const cell = cells[day];
        const cls = `sc-day${cell ? (cell.outcome === 'fail' ? ' fail' : ' done') : ''}${day === grid.today ? ' today' : ''}`;
        const label = cell ? t('cycles.grid.day_cell', { day, score: cellText(cell) }) : t('cycles.grid.day_empty', { day });
        return (
          <span class={cls} role="listitem" aria-label={label} key={day} data-day={day}>
            <span class="n">{Number(day.slice(8))}</span>
            <span class="s">{cellText(cell)}</span>
          </span>
        );
      })}
    </div>
  );
}

function Stats({ row }) {
  if (!row) return null;
  return (
    <p class="sc-stats">
      <span class="sc-current">{t('cycles.grid.current_streak', { n: row.current_streak })}</span>
      <span>{t('cycles.grid.longest_streak', { n: row.longest_streak })}</span>
      <span>{t('cycles.grid.done_days', { n: row.days.length })}</span>
    </p>
  );
}

function Team({ grid }) {
  const days = monthDays(grid.first, grid.last);
  return (
    <div class="sc-team" tabIndex={0} aria-label={t('cycles.grid.team')}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('cycles.grid.person')}</th>
            <th scope="col">{t('cycles.grid.streak')}</th>
            {days.map((d) => (
              <th scope="col" key={d}>
                {Number(d.slice(8))}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {grid.rows.map((row) => {
            const cells = cellsByDay(row);
            return (
              <tr key={row.person.id}>
                <th scope="row">{row.person.name}</th>
                <td>{row.current_streak}</td>
                {days.map((d) => (
                  <td key={d} class={cells[d] ? 'done' : ''}>
                    {cellText(cells[d])}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The screen: `#/self-checks`. */
export default function SelfChecks({ user }) {
  const [month, setMonth] = useState(null);
  const q = month ? `?month=${month}` : '';
  const mine = useLoad(() => request('GET', `${V}/me/self-checks${q}`), [month]);
  const team = useLoad(() => request('GET', `${V}/me/team-self-checks${q}`), [month]);
  if (!navigator.onLine) return <p class="empty">{t('cycles.grid.offline')}</p>;
  const grid = mine.data;
  if (!grid) return <p class="muted">{mine.error ? mine.error.message : t('common.loading')}</p>;
  const shown = grid.first.slice(0, 7);
  const row = grid.rows[0];
  return (
    <div class="self-checks">
      <h1>{t('cycles.grid.title')}</h1>
      <div class="sc-nav">
        <button type="button" class="btn btn-secondary" aria-label={t('cycles.grid.prev')} onClick={() => setMonth(shiftMonth(shown, -1))}>
          ‹
        </button>
        <span class="sc-month" aria-live="polite">
          {t('cycles.grid.month', { month: shown })}
        </span>
        <button type="button" class="btn btn-secondary" aria-label={t('cycles.grid.next')} onClick={() => setMonth(shiftMonth(shown, 1))}>
          ›
        </button>
      </div>
      <h2>{t('cycles.grid.mine')}</h2>
      <Calendar grid={grid} row={row} />
      <Stats row={row} />
      <p class="hint">{t('cycles.grid.legend')}</p>
      {user?.role === 'employee' && team.data?.rows?.length > 0 && (
        <>
          <h2>{t('cycles.grid.team')}</h2>
          <Team grid={team.data} />
        </>
      )}
    </div>
  );
}
