// The certification tab (issue 16 §2): who is certified for which scenario, with the first
// and latest pass, the latest score and the number of passes; filtered by scenario.
// GET /api/v1/certification/holders.
import { useState } from 'preact/hooks';
import { useLoad } from '../../useLoad.js';
import { fmtDate, t } from '../../quiz/i18n.js';
import { get } from '../endpoints.js';
import { Status } from '../components/Status.jsx';
import { Table } from '../components/Table.jsx';

const HOLDERS = '/api/v1/certification/holders';

function ScenarioFilter({ scenarios, value, onPick }) {
  return (
    <div class="filters">
      <label>
        {t('quiz.hr.scenario_filter')}{' '}
        <select value={value} onChange={(e) => onPick(e.currentTarget.value)}>
          <option value="">{t('quiz.hr.all')}</option>
          {scenarios.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

export function Certification({ L }) {
  const [scenario, setScenario] = useState('');
  const all = useLoad(() => get(HOLDERS), []);
  const shown = useLoad(() => get(scenario ? `${HOLDERS}?scenario=${encodeURIComponent(scenario)}` : HOLDERS), [scenario]);
  const scenarios = [...new Set((all.data?.holders || []).map((h) => h.scenario))].sort();
  const rows = shown.data?.holders || [];
  return (
    <section class="hr-certification" aria-labelledby="cert-title">
      <h2 id="cert-title">{t('quiz.hr.title')}</h2>
      <ScenarioFilter scenarios={scenarios} value={scenario} onPick={setScenario} />
      <Status state={shown} />
      {!shown.loading && rows.length === 0 && <p class="empty">{t('quiz.hr.none')}</p>}
      {rows.length > 0 && (
        <Table label={t('quiz.hr.title')} head={[t('quiz.hr.shopper'), t('quiz.hr.scenario'), t('quiz.hr.first'), t('quiz.hr.last'), t('quiz.hr.score'), t('quiz.hr.passes')]}>
          {rows.map((r) => (
            <tr key={`${r.user_id}-${r.scenario}`}>
              <td>
                {r.name} <span class="small muted">{r.email}</span>
              </td>
              <td>{r.scenario}</td>
              <td>{fmtDate(r.first_passed_at, L)}</td>
              <td>{fmtDate(r.last_passed_at, L)}</td>
              <td class="num">{r.score.toFixed(1)} %</td>
              <td class="num">{r.passes}</td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  );
}
