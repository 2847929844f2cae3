// The org import tab: upload a CSV/XLSX of people and units; all rows are
// checked and a wrong row lists its line and problem.
import { useState } from 'preact/hooks';
import { t } from '../../i18n/index.js';
import { EP, upload } from '../endpoints.js';
import { Table } from '../components/Table.jsx';

/** The refused import: how many rows are wrong, each with its line and problem. */
function ImportProblems({ error }) {
  const rows = error.details?.rows || error.details?.errors || [];
  return (
    <div role="alert">
      <p class="field-error">{rows.length ? t('hr.import.errors', { n: rows.length }) : t('hr.form.error', { m: error.message })}</p>
      {rows.length > 0 && (
        <Table head={[t('hr.import.line'), t('hr.import.problem')]}>
          {rows.map((r, i) => (
            <tr key={i}>
              <td>{r.line ?? r.row}</td>
              <td>{[r.column, r.message || r.reason].filter(Boolean).join(': ')}</td>
            </tr>
          ))}
        </Table>
      )}
    </div>
  );
}

export function OrgImport() {
  const [file, setFile] = useState(null);
  const [res, setRes] = useState(null);
  const [busy, setBusy] = useState(false);
  const run = async (e) => {
    e.preventDefault();
    setBusy(true);
    try {
      setRes({ ok: await upload(EP.orgImport, file) });
    } catch (err) {
      setRes({ error: err });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card" onSubmit={run}>
      <h2>{t('hr.console.tab.import')}</h2>
      <p class="hint">{t('hr.import.hint')}</p>
      <label for="imp-file">{t('hr.import.file')}</label>
      <input id="imp-file" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" onChange={(e) => setFile(e.currentTarget.files[0] || null)} />
      <button class="btn btn-primary" type="submit" disabled={!file || busy}>
        {t('hr.import.run')}
      </button>
      {res?.ok && <p role="status">{t('hr.import.done', { c: res.ok.created ?? 0, u: res.ok.updated ?? 0 })}</p>}
      {res?.error && <ImportProblems error={res.error} />}
    </form>
  );
}
