// HR console (online, desktop layout): campaigns, progress, mystery-shop
// review queue with evidence, org import, downloads, action items. Loaded
// on demand from the app shell; endpoint paths live in endpoints.js.
import { Fragment } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLoad } from '../useLoad.js';
import { fmtDate, tx } from '../i18n.js';
import { EP, download, get, listOf, patch, post, upload } from './endpoints.js';
import { ITEM_ACTIONS, THRESHOLD_KEYS, WEIGHT_KEYS, fieldErrors, nextActions, noteRequired, personLabel, settingsBody, settingsForm } from './logic.js';
import { h } from './strings.js';

const RELS = ['self', 'supervisor', 'peer', 'subordinate', 'customer', 'mystery_shopper'];
const KINDS = ['360', 'mystery_shop', 'customer', 'mixed'];
const fmtSize = (n) => (n > 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1e3))} KB`);

function Status({ L, state }) {
  if (state.loading && !state.data) return <p class="muted">{h(L, 'loading')}</p>;
  if (state.error) return <p class="field-error" role="alert">{h(L, 'error', { m: state.error.message })}</p>;
  return null;
}

function Meter({ done, total, label }) {
  const pct = total ? Math.round((100 * done) / total) : 0;
  return (
    <div class="meter">
      <div class="bar" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow={pct} aria-label={label}>
        <span style={{ width: `${pct}%` }} />
      </div>
      <span class="small">
        {done}/{total} ({pct}%)
      </span>
    </div>
  );
}

function DownloadButton({ L, path, name, label }) {
  const [msg, setMsg] = useState('');
  const [busy, setBusy] = useState(false);
  const go = async () => {
    setBusy(true);
    setMsg(h(L, 'downloading', { p: '' }));
    try {
      const r = await download(path, name, (read, total) =>
        setMsg(h(L, 'downloading', { p: total ? `${Math.round((100 * read) / total)}%` : fmtSize(read) })),
      );
      setMsg(h(L, 'downloaded', { name: r.name, size: fmtSize(r.size) }));
    } catch (e) {
      setMsg(h(L, 'error', { m: e.message }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="dl">
      <button type="button" class="btn btn-secondary" disabled={busy} onClick={go}>
        {label}
      </button>{' '}
      <span class="small" role="status" aria-live="polite">
        {msg}
      </span>
    </div>
  );
}

/** Start the ZIP job, poll its progress, then download the file. */
function ZipButton({ L, campaignId }) {
  const [msg, setMsg] = useState('');
  const [pct, setPct] = useState(null);
  const [busy, setBusy] = useState(false);
  const go = async () => {
    setBusy(true);
    try {
      const job = await post(EP.reviewsZip(campaignId));
      let st;
      for (;;) {
        st = await get(EP.job(job.job_id));
        setPct(st.total ? Math.round((100 * st.done) / st.total) : 0);
        setMsg(h(L, 'zip_progress', { d: st.done, t: st.total }));
        if (st.status === 'done') break;
        if (st.status === 'failed') throw new Error(h(L, st.error === 'interrupted' ? 'zip_interrupted' : 'zip_failed'));
        await new Promise((r) => setTimeout(r, 1000));
      }
      const r = await download(EP.jobDownload(job.job_id), `reviews-${campaignId}.zip`, () => {});
      const failed = st.failures?.length || 0;
      const done = h(L, 'downloaded', { name: r.name, size: fmtSize(r.size) });
      setMsg(failed ? `${done} ${h(L, 'zip_some_failed', { n: failed, who: st.failures.map((f) => f.name || `#${f.employee_id}`).join(', ') })}` : done);
    } catch (e) {
      setMsg(h(L, 'error', { m: e.message }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="dl">
      <button type="button" class="btn btn-secondary" disabled={busy} onClick={go}>
        {h(L, 'all_reviews_zip')}
      </button>{' '}
      {busy && pct !== null && <progress max="100" value={pct} aria-label={h(L, 'all_reviews_zip')} />}
      <span class="small" role="status" aria-live="polite">
        {msg}
      </span>
    </div>
  );
}

// ---- campaigns ----------------------------------------------------------

function CreateCampaign({ L, onCreated }) {
  const forms = useLoad(() => get(EP.forms));
  const [f, setF] = useState({ en: '', zh: '', kind: '360', start: '', end: '', forms: {} });
  const [err, setErr] = useState('');
  const formList = listOf(forms.data, 'forms');
  // newest version of each form (the server lists versions oldest first)
  const versions = formList.flatMap((fm) => {
    const latest = (fm.versions || []).at(-1);
    return latest ? [{ id: latest.id, rels: latest.relationships || [], label: `${tx(latest.title, L) || fm.key} (v${latest.version})` }] : [];
  });
  const submit = async (e) => {
    e.preventDefault();
    setErr('');
    try {
      const body = {
        name: { en: f.en, 'zh-CN': f.zh || f.en },
        kind: f.kind,
        period_start: f.start,
        period_end: f.end,
        forms: Object.fromEntries(
          Object.entries(f.forms)
            .filter(([, v]) => v)
            .map(([relationship, id]) => [relationship, Number(id)]),
        ),
      };
      const c = await post(EP.campaigns, body);
      onCreated(c.campaign || c);
    } catch (e2) {
      setErr(`${e2.message}${e2.details && Object.keys(e2.details).length ? ` ${JSON.stringify(e2.details)}` : ''}`);
    }
  };
  const set = (k) => (e) => setF({ ...f, [k]: e.currentTarget.value });
  return (
    <form class="card" onSubmit={submit}>
      <h2>{h(L, 'new_campaign')}</h2>
      <div class="form-grid">
        <div>
          <label for="c-en">{h(L, 'name_en')}</label>
          <input id="c-en" required value={f.en} onInput={set('en')} />
        </div>
        <div>
          <label for="c-zh">{h(L, 'name_zh')}</label>
          <input id="c-zh" value={f.zh} onInput={set('zh')} />
        </div>
        <div>
          <label for="c-kind">{h(L, 'kind')}</label>
          <select id="c-kind" value={f.kind} onChange={set('kind')}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {h(L, `kind_${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div />
        <div>
          <label for="c-start">{h(L, 'period_start')}</label>
          <input id="c-start" type="date" required value={f.start} onInput={set('start')} />
        </div>
        <div>
          <label for="c-end">{h(L, 'period_end')}</label>
          <input id="c-end" type="date" required value={f.end} onInput={set('end')} />
        </div>
        {RELS.map((rel) => (
          <div key={rel}>
            <label for={`c-f-${rel}`}>{h(L, 'form_for', { rel })}</label>
            <select id={`c-f-${rel}`} value={f.forms[rel] || ''} onChange={(e) => setF({ ...f, forms: { ...f.forms, [rel]: e.currentTarget.value } })}>
              <option value="">{h(L, 'none')}</option>
              {versions.filter((v) => !v.rels.length || v.rels.includes(rel)).map((v) => (
                <option key={v.id} value={String(v.id)}>
                  {v.label}
                </option>
              ))}
            </select>
          </div>
        ))}
      </div>
      {err && (
        <p class="field-error" role="alert">
          {err}
        </p>
      )}
      <button class="btn btn-primary" type="submit">
        {h(L, 'create')}
      </button>
    </form>
  );
}

function CampaignList({ L }) {
  const list = useLoad(() => get(EP.campaigns));
  const [creating, setCreating] = useState(false);
  const rows = listOf(list.data, 'campaigns');
  return (
    <>
      <div class="row-between">
        <h2>{h(L, 'tab_campaigns')}</h2>
        <button type="button" class="btn btn-primary" aria-expanded={creating ? 'true' : 'false'} onClick={() => setCreating(!creating)}>
          {h(L, 'new_campaign')}
        </button>
      </div>
      {creating && (
        <CreateCampaign
          L={L}
          onCreated={(c) => {
            setCreating(false);
            location.hash = `#/hr/campaign/${c.id}`;
          }}
        />
      )}
      <Status L={L} state={list} />
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{h(L, 'name')}</th>
              <th>{h(L, 'kind')}</th>
              <th>{h(L, 'status')}</th>
              <th>{h(L, 'period')}</th>
              <th>{h(L, 'progress')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.id}>
                <td>
                  <a href={`#/hr/campaign/${c.id}`}>{tx(c.name, L)}</a>
                </td>
                <td>{h(L, `kind_${c.kind}`)}</td>
                <td>{h(L, `status_${c.status}`)}</td>
                <td class="nowrap">
                  {c.period_start}
                  <br />
                  {c.period_end}
                </td>
                <td>{c.progress ? <Meter done={c.progress.submitted ?? 0} total={c.progress.total ?? 0} label={h(L, 'progress')} /> : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** A field's error text: our own keys translated, the server's message as sent. */
const errText = (L, v) => (v === 'whole_number' || v === 'number' || v === 'required' ? h(L, `err_${v}`) : v);

function FieldError({ id, L, text }) {
  if (!text) return null;
  return (
    <p class="field-error" id={id}>
      {errText(L, text)}
    </p>
  );
}

function NumberMap({ L, idPrefix, legend, keys, values, onChange, error, step }) {
  const errId = `${idPrefix}-err`;
  return (
    <fieldset class="num-map" aria-describedby={error ? errId : undefined}>
      <legend>{legend}</legend>
      <div class="form-grid">
        {keys.map((k) => (
          <div key={k}>
            <label for={`${idPrefix}-${k}`}>{h(L, `grp_${k}`)}</label>
            <input id={`${idPrefix}-${k}`} inputMode="decimal" type="number" min="0" step={step} value={values[k]} onInput={(e) => onChange({ ...values, [k]: e.currentTarget.value })} />
          </div>
        ))}
      </div>
      <FieldError id={errId} L={L} text={error} />
    </fieldset>
  );
}

/** Settings of a draft campaign (PATCH); the server's field errors appear next to each field. */
function CampaignSettings({ L, camp, onSaved }) {
  const [f, setF] = useState(() => settingsForm(camp));
  const [errs, setErrs] = useState({});
  const [msg, setMsg] = useState('');
  const [busy, setBusy] = useState(false);
  const set = (k) => (e) => setF({ ...f, [k]: e.currentTarget.type === 'checkbox' ? e.currentTarget.checked : e.currentTarget.value });
  const save = async (e) => {
    e.preventDefault();
    setMsg('');
    const { body, errors } = settingsBody(f);
    setErrs(errors || {});
    if (errors) return setMsg(h(L, 'fix_fields'));
    setBusy(true);
    try {
      await patch(EP.campaign(camp.id), body);
      setMsg(h(L, 'saved'));
      onSaved();
    } catch (e2) {
      const fe = fieldErrors(e2);
      setErrs(fe);
      setMsg(Object.keys(fe).length ? h(L, 'fix_fields') : h(L, 'error', { m: e2.message }));
    } finally {
      setBusy(false);
    }
  };
  const described = (k) => (errs[k] ? { 'aria-invalid': 'true', 'aria-describedby': `cs-${k}-err` } : {});
  return (
    <form class="card settings-form" onSubmit={save} noValidate>
      <h3>{h(L, 'settings_title')}</h3>
      <p class="hint">{h(L, 'settings_hint')}</p>
      <NumberMap L={L} idPrefix="cs-thr" legend={h(L, 'anonymity_thresholds')} keys={THRESHOLD_KEYS} values={f.anonymity_thresholds} step="1" error={errs.anonymity_thresholds} onChange={(v) => setF({ ...f, anonymity_thresholds: v })} />
      <NumberMap L={L} idPrefix="cs-w" legend={h(L, 'group_weights')} keys={WEIGHT_KEYS} values={f.group_weights} step="any" error={errs.group_weights} onChange={(v) => setF({ ...f, group_weights: v })} />
      <div class="form-grid">
        <div>
          <label for="cs-locale">{h(L, 'report_locale')}</label>
          <select id="cs-locale" value={f.report_locale} onChange={set('report_locale')} {...described('report_locale')}>
            <option value="zh-CN">中文</option>
            <option value="en">English</option>
          </select>
          <FieldError id="cs-report_locale-err" L={L} text={errs.report_locale} />
        </div>
        <div>
          <label for="cs-peer-sel">{h(L, 'peer_selection')}</label>
          <select id="cs-peer-sel" value={f.peer_selection} onChange={set('peer_selection')} {...described('peer_selection')}>
            <option value="automatic">{h(L, 'peer_sel_automatic')}</option>
            <option value="nomination">{h(L, 'peer_sel_nomination')}</option>
          </select>
          <FieldError id="cs-peer_selection-err" L={L} text={errs.peer_selection} />
        </div>
        {['peer_min', 'peer_max'].map((k) => (
          <div key={k}>
            <label for={`cs-${k}`}>{h(L, k)}</label>
            <input id={`cs-${k}`} type="number" inputMode="numeric" min="0" max="50" step="1" value={f[k]} onInput={set(k)} {...described(k)} />
            <FieldError id={`cs-${k}-err`} L={L} text={errs[k]} />
          </div>
        ))}
      </div>
      <label class="check">
        <input type="checkbox" checked={f.manager_visibility} onChange={set('manager_visibility')} /> {h(L, 'manager_visibility')}
      </label>
      <FieldError id="cs-manager_visibility-err" L={L} text={errs.manager_visibility} />
      <button class="btn btn-primary" type="submit" disabled={busy}>
        {h(L, 'save_settings')}
      </button>{' '}
      <span role="status" aria-live="polite">
        {msg}
      </span>
    </form>
  );
}

function ProgressTable({ L, rows, keyName, label }) {
  if (!rows?.length) return null;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th>{label}</th>
            <th>{h(L, 'progress')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              <td>{tx(r[keyName]?.name ?? r[keyName] ?? r.name, L)}</td>
              <td>
                <Meter done={r.submitted ?? r.done ?? 0} total={r.total ?? r.assigned ?? 0} label={h(L, 'progress')} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AddVisit({ L, campaignId, onDone }) {
  const [f, setF] = useState({ unit_id: '', shopper_id: '', ws: '', we: '', en: '', zh: '' });
  const [msg, setMsg] = useState('');
  const [errs, setErrs] = useState({});
  const units = useLoad(() => get(EP.units), []);
  const shoppers = useLoad(() => get(`${EP.users}?role=shopper&active=true&limit=500`), []);
  const set = (k) => (e) => setF({ ...f, [k]: e.currentTarget.value });
  const submit = async (e) => {
    e.preventDefault();
    setErrs({});
    try {
      await post(EP.visits(campaignId), {
        unit_id: Number(f.unit_id),
        shopper_id: Number(f.shopper_id),
        window_start: new Date(f.ws).toISOString(),
        window_end: new Date(f.we).toISOString(),
        scenario: { en: f.en, 'zh-CN': f.zh || f.en },
      });
      setMsg(h(L, 'saved'));
      onDone();
    } catch (e2) {
      setErrs(fieldErrors(e2));
      setMsg(h(L, 'error', { m: e2.message }));
    }
  };
  const unitList = listOf(units.data, 'units');
  const shopperList = listOf(shoppers.data, 'users');
  const picker = (k, label, options) => (
    <div key={k}>
      <label for={`v-${k}`}>{h(L, label)}</label>
      <select id={`v-${k}`} required value={f[k]} onChange={set(k)} aria-invalid={errs[k] ? 'true' : undefined}>
        <option value="">{h(L, 'choose')}</option>
        {options}
      </select>
      <FieldError L={L} text={errs[k]} />
    </div>
  );
  return (
    <form class="card" onSubmit={submit}>
      <h3>{h(L, 'add_visit')}</h3>
      <Status L={L} state={units.error ? units : shoppers} />
      <div class="form-grid">
        {picker(
          'unit_id',
          'unit',
          unitList.map((u) => (
            <option key={u.id} value={String(u.id)}>
              {tx(u.name, L) || u.path}
            </option>
          )),
        )}
        {picker(
          'shopper_id',
          'shopper',
          shopperList.map((u) => (
            <option key={u.id} value={String(u.id)}>
              {personLabel(u)}
            </option>
          )),
        )}
        {[
          ['ws', 'window_start', 'datetime-local'],
          ['we', 'window_end', 'datetime-local'],
          ['en', 'scenario_en', 'text'],
          ['zh', 'scenario_zh', 'text'],
        ].map(([k, label, type]) => (
          <div key={k}>
            <label for={`v-${k}`}>{h(L, label)}</label>
            <input id={`v-${k}`} type={type} required={k !== 'zh'} value={f[k]} onInput={set(k)} />
          </div>
        ))}
      </div>
      <button class="btn btn-primary" type="submit">
        {h(L, 'save')}
      </button>{' '}
      <span role="status">{msg}</span>
    </form>
  );
}

function CampaignPage({ L, id }) {
  const c = useLoad(() => get(EP.campaign(id)), [id]);
  const prog = useLoad(() => get(EP.progress(id)).catch(() => null), [id]);
  const asg = useLoad(() => get(EP.assignments(id)).catch(() => null), [id]);
  const [msg, setMsg] = useState('');
  const [emp, setEmp] = useState('');
  const camp = c.data?.campaign || c.data;
  const act = async (a) => {
    if (!confirm(h(L, 'confirm_action', { a: h(L, `${a}_campaign`) }))) return;
    try {
      await post(EP.action(id, a));
      c.reload();
      setMsg('');
    } catch (e) {
      setMsg(h(L, 'error', { m: e.message }));
    }
  };
  const gen = async () => {
    try {
      const r = await post(EP.generate(id));
      setMsg(h(L, 'generated', { n: r?.created ?? r?.count ?? listOf(r, 'assignments').length }));
      prog.reload();
    } catch (e) {
      setMsg(h(L, 'error', { m: e.message }));
    }
  };
  if (!camp) return <Status L={L} state={c} />;
  const p = prog.data || {};
  const seen = new Map();
  for (const a of listOf(asg.data, 'assignments')) if (a.subject?.id && !seen.has(a.subject.id)) seen.set(a.subject.id, a.subject);
  const employees = [...seen.values()].sort((a, b) => String(a.name).localeCompare(String(b.name)));
  return (
    <>
      <p>
        <a href="#/hr">← {h(L, 'back')}</a>
      </p>
      <h2>{tx(camp.name, L)}</h2>
      <p class="muted">
        {h(L, `kind_${camp.kind}`)} · {h(L, 'status')}: <strong>{h(L, `status_${camp.status}`)}</strong> · {camp.period_start} – {camp.period_end}
      </p>
      <div class="ob-actions">
        {camp.status === 'draft' && (
          <button type="button" class="btn btn-secondary" onClick={gen}>
            {h(L, 'generate')}
          </button>
        )}
        {nextActions(camp.status).map((a) => (
          <button type="button" class="btn btn-primary" key={a} onClick={() => act(a)}>
            {h(L, `${a}_campaign`)}
          </button>
        ))}
      </div>
      {msg && <p role="status">{msg}</p>}
      {camp.status === 'draft' && <CampaignSettings key={camp.id} L={L} camp={camp} onSaved={c.reload} />}
      <div class="grid2">
        <section>
          <h3>{h(L, 'by_unit')}</h3>
          <ProgressTable L={L} rows={p.by_unit || p.units} keyName="unit" label={h(L, 'unit')} />
        </section>
        <section>
          <h3>{h(L, 'by_relationship')}</h3>
          <ProgressTable L={L} rows={p.by_relationship || p.relationships} keyName="relationship" label={h(L, 'relationship')} />
        </section>
      </div>
      <section class="card">
        <h3>{h(L, 'downloads')}</h3>
        {camp.status !== 'released' && <p class="hint">{h(L, 'draft_marked')}</p>}
        <div class="row-between">
          <label for="emp-id">{h(L, 'employee')}</label>
        </div>
        {asg.loading && !asg.data ? (
          <p class="muted">{h(L, 'loading')}</p>
        ) : employees.length ? (
          <select id="emp-id" value={emp} onChange={(e) => setEmp(e.currentTarget.value)}>
            <option value="">{h(L, 'none')}</option>
            {employees.map((e) => (
              <option key={e.id ?? e.employee_id} value={String(e.id ?? e.employee_id)}>
                {e.name}
              </option>
            ))}
          </select>
        ) : (
          <input id="emp-id" inputMode="numeric" placeholder={h(L, 'employee_id')} value={emp} onInput={(e) => setEmp(e.currentTarget.value.trim())} />
        )}
        {emp && <DownloadButton L={L} path={EP.reviewPdf(id, emp)} name={`review-${id}-${emp}.pdf`} label={h(L, 'review_pdf')} />}
        <ZipButton L={L} campaignId={id} />
        {['answers', 'summary'].map((kind) =>
          ['csv', 'xlsx'].map((fmt) => (
            <DownloadButton key={kind + fmt} L={L} path={EP.exportFile(id, kind, fmt)} name={`campaign-${id}-${kind}.${fmt}`} label={h(L, `export_${fmt}`) + ` · ${h(L, `export_${kind}`)}`} />
          )),
        )}
        {(camp.kind === 'customer' || camp.kind === 'mixed') && <DownloadButton L={L} path={EP.qrCards(id)} name={`qr-cards-${id}.pdf`} label={h(L, 'qr_cards')} />}
      </section>
      {(camp.kind === 'mystery_shop' || camp.kind === 'mixed') && camp.status !== 'released' && <AddVisit L={L} campaignId={id} onDone={prog.reload} />}
    </>
  );
}

// ---- review queue -------------------------------------------------------

function EvidenceBadges({ L, ev }) {
  if (!ev) return null;
  const out = [];
  if (ev.distance_m != null) out.push([ev.distance_m > (ev.distance_limit_m ?? 300) ? 'ev-bad' : 'ev-ok', h(L, 'ev_distance', { d: Math.round(ev.distance_m) })]);
  else out.push(['ev-warn', h(L, 'ev_no_geo')]);
  if (ev.photos_in_window === true) out.push(['ev-ok', h(L, 'ev_photo_time_ok')]);
  if (ev.photos_in_window === false) out.push(['ev-bad', h(L, 'ev_photo_time_bad')]);
  if (ev.duplicate_photos?.length || ev.duplicate_photo_hashes?.length) out.push(['ev-bad', h(L, 'ev_dup')]);
  const skew = ev.clock_skew_seconds ?? ev.time_skew_seconds;
  if (skew != null && Math.abs(skew) > 300) out.push(['ev-warn', h(L, 'ev_skew', { s: Math.round(skew) })]);
  return (
    <div class="evidence">
      {out.map(([cls, text]) => (
        <span class={`badge ${cls}`} key={text}>
          {text}
        </span>
      ))}
    </div>
  );
}

function answerText(v, q, L) {
  if (v === true || v === false) return v ? '✓' : '✗';
  const opt = (val) => tx((q?.options || []).find((o) => o.value === val)?.label, L) || String(val);
  if (Array.isArray(v)) return v.map(opt).join(', ');
  if (q?.type === 'choice') return opt(v);
  if (q?.type === 'datetime') return fmtDate(v, L);
  return String(v);
}

function ReviewDetail({ L, id, onDone }) {
  const s = useLoad(() => get(EP.submission(id)), [id]);
  const sub = s.data?.submission || s.data;
  const form = useLoad(() => (sub ? get(`/api/v1/forms/versions/${sub.form_version_id}`) : Promise.resolve(null)), [sub?.form_version_id]);
  const [reason, setReason] = useState('');
  const [staffId, setStaffId] = useState('');
  const [err, setErr] = useState('');
  if (!sub) return <Status L={L} state={s} />;
  const questions = new Map((form.data?.definition?.sections || []).flatMap((sec) => sec.questions).map((q) => [q.id, q]));
  const order = [...questions.keys()];
  const send = async (body) => {
    setErr('');
    try {
      await post(EP.review(id), body);
      onDone();
    } catch (e) {
      setErr(h(L, 'error', { m: e.message }));
    }
  };
  const decide = (decision) => {
    if (decision === 'reject' && !reason.trim()) return setErr(h(L, 'reason_required'));
    return send(decision === 'reject' ? { decision, reason } : { decision });
  };
  const photos = sub.photos || [];
  const staff = sub.staff || sub.reported_staff;
  return (
    <div class="grid2 card" aria-label={h(L, 'visit')}>
      <section>
        <h3>{tx(sub.unit?.name, L)}</h3>
        <p class="muted">
          {h(L, 'score')}: {sub.form_score != null ? sub.form_score.toFixed(1) : '—'} · {h(L, 'staff_reported')}: {staff?.name || h(L, 'not_identified')}
          {sub.visit && (
            <>
              <br />
              {fmtDate(sub.visit.window_start, L)} – {fmtDate(sub.visit.window_end, L)} · {tx(sub.visit.scenario, L)}
            </>
          )}
        </p>
        <EvidenceBadges L={L} ev={sub.evidence} />
        {sub.critical_failures?.length > 0 && (
          <p class="field-error">
            {h(L, 'critical_failed')}: {sub.critical_failures.map((qid) => tx(questions.get(qid)?.label, L) || qid).join(', ')}
          </p>
        )}
        <div class="table-wrap">
          <table>
            <tbody>
              {Object.entries(sub.answers || {})
                .filter(([k]) => questions.get(k)?.type !== 'photo')
                .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
                .map(([k, v]) => (
                  <tr key={k}>
                    <th scope="row">{tx(questions.get(k)?.label, L) || k}</th>
                    <td>{answerText(v, questions.get(k), L)}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      </section>
      <section>
        <h3>{h(L, 'photos')}</h3>
        <div class="review-photos">
          {photos.map((p, n) => (
            <a key={p.sha256} href={EP.attachment(p.sha256)} target="_blank" rel="noopener">
              <img
                src={`${EP.attachment(p.sha256)}/thumb`}
                width="220"
                height={p.width && p.height ? Math.round((220 * p.height) / p.width) : 165}
                alt={`${tx(questions.get(p.question_id)?.label, L) || h(L, 'photos')} ${n + 1}${p.captured_at ? `, ${fmtDate(p.captured_at, L)}` : ''}`}
              />
            </a>
          ))}
        </div>
        <label for="rej-reason">{h(L, 'reason')}</label>
        <p class="hint" id="rej-hint">{h(L, 'reason_hint')}</p>
        <textarea id="rej-reason" aria-describedby="rej-hint" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
        {err && (
          <p class="field-error" role="alert">
            {err}
          </p>
        )}
        <div class="pager">
          <button type="button" class="btn btn-danger" onClick={() => decide('reject')}>
            {h(L, 'reject')}
          </button>
          <button type="button" class="btn btn-primary" onClick={() => decide('approve')}>
            {h(L, 'approve')}
          </button>
        </div>
        {sub.unit_staff?.length > 0 && (
          <>
            <label for="fix-staff">{h(L, 'correct_staff')}</label>
            <div class="number-row">
              <select id="fix-staff" value={staffId} onChange={(e) => setStaffId(e.currentTarget.value)}>
                <option value="">{h(L, 'not_identified')}</option>
                {sub.unit_staff.map((u) => (
                  <option key={u.id} value={String(u.id)}>
                    {[u.name, u.job_title].filter(Boolean).join(' · ')}
                  </option>
                ))}
              </select>
              <button type="button" class="btn btn-secondary" onClick={() => send({ decision: 'correct', staff_id: staffId ? Number(staffId) : null, ...(reason.trim() ? { reason } : {}) })}>
                {h(L, 'correct')}
              </button>
            </div>
          </>
        )}
      </section>
    </div>
  );
}

function ReviewQueue({ L }) {
  const q = useLoad(() => get(`${EP.submissions}?relationship=mystery_shopper&status=received`));
  const [open, setOpen] = useState(null);
  const rows = listOf(q.data, 'submissions');
  return (
    <>
      <h2>{h(L, 'tab_review')}</h2>
      <Status L={L} state={q} />
      {!q.loading && !q.error && rows.length === 0 && <p class="empty">{h(L, 'queue_empty')}</p>}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{h(L, 'visit')}</th>
              <th>{h(L, 'submitted_at')}</th>
              <th>{h(L, 'score')}</th>
              <th>{h(L, 'evidence')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} class={open === r.id ? 'on' : ''}>
                <td>
                  <button type="button" class="link" aria-expanded={open === r.id ? 'true' : 'false'} onClick={() => setOpen(open === r.id ? null : r.id)}>
                    {tx(r.unit?.name, L) || r.id.slice(0, 8)}
                  </button>
                </td>
                <td>{fmtDate(r.received_at, L)}</td>
                <td>{r.form_score != null ? r.form_score.toFixed(1) : '—'}</td>
                <td>
                  <EvidenceBadges L={L} ev={r.evidence} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {open && (
        <ReviewDetail
          L={L}
          id={open}
          onDone={() => {
            setOpen(null);
            q.reload();
          }}
        />
      )}
    </>
  );
}

// ---- org import, action items ---------------------------------------------

function OrgImport({ L }) {
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
  const rows = res?.error?.details?.rows || res?.error?.details?.errors || [];
  return (
    <form class="card" onSubmit={run}>
      <h2>{h(L, 'tab_import')}</h2>
      <p class="hint">{h(L, 'import_hint')}</p>
      <label for="imp-file">{h(L, 'import_file')}</label>
      <input id="imp-file" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" onChange={(e) => setFile(e.currentTarget.files[0] || null)} />
      <button class="btn btn-primary" type="submit" disabled={!file || busy}>
        {h(L, 'import_run')}
      </button>
      {res?.ok && <p role="status">{h(L, 'import_done', { c: res.ok.created ?? 0, u: res.ok.updated ?? 0 })}</p>}
      {res?.error && (
        <div role="alert">
          <p class="field-error">{rows.length ? h(L, 'import_errors', { n: rows.length }) : h(L, 'error', { m: res.error.message })}</p>
          {rows.length > 0 && (
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>{h(L, 'line')}</th>
                    <th>{h(L, 'problem')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r, i) => (
                    <tr key={i}>
                      <td>{r.line ?? r.row}</td>
                      <td>{[r.column, r.message || r.reason].filter(Boolean).join(': ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </form>
  );
}

/** Inline note form for respond / plan / close (the server requires a note for these). */
function NoteForm({ L, item, action, onDone, onCancel }) {
  const [note, setNote] = useState('');
  const [err, setErr] = useState('');
  const [busy, setBusy] = useState(false);
  const ref = useRef(null);
  useEffect(() => ref.current?.focus(), []);
  const id = `note-${item.id}`;
  const submit = async (e) => {
    e.preventDefault();
    if (noteRequired(action) && !note.trim()) return setErr(h(L, 'err_note_required'));
    setBusy(true);
    setErr('');
    try {
      await patch(EP.actionItem(item.id), { action, note: note.trim() || null });
      onDone();
    } catch (e2) {
      const fe = fieldErrors(e2);
      setErr(fe.note ? (fe.note === 'required' ? h(L, 'err_note_required') : fe.note) : h(L, 'error', { m: e2.message }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="note-form" onSubmit={submit} noValidate>
      <label for={id}>{h(L, 'note_for', { a: h(L, `act_${action}`) })}</label>
      <textarea id={id} ref={ref} required={noteRequired(action)} aria-required={noteRequired(action) ? 'true' : undefined} aria-invalid={err ? 'true' : undefined} aria-describedby={err ? `${id}-err` : undefined} value={note} onInput={(e) => setNote(e.currentTarget.value)} onKeyDown={(e) => e.key === 'Escape' && onCancel()} />
      {err && (
        <p class="field-error" id={`${id}-err`} role="alert">
          {err}
        </p>
      )}
      <div class="pager">
        <button type="button" class="btn btn-secondary" onClick={onCancel}>
          {h(L, 'cancel')}
        </button>
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {h(L, `act_${action}`)}
        </button>
      </div>
    </form>
  );
}

function ActionItems({ L }) {
  const a = useLoad(() => get(EP.actionItems));
  const [err, setErr] = useState('');
  const [editing, setEditing] = useState(null); // {id, action}
  const rows = listOf(a.data, 'action_items');
  const act = async (item, action) => {
    setErr('');
    if (noteRequired(action)) return setEditing({ id: item.id, action });
    try {
      await patch(EP.actionItem(item.id), { action, note: null });
      a.reload();
    } catch (e) {
      setErr(h(L, 'error', { m: e.message }));
    }
  };
  return (
    <>
      <h2>{h(L, 'tab_actions')}</h2>
      <Status L={L} state={a} />
      {err && <p class="field-error" role="alert">{err}</p>}
      {!a.loading && !a.error && rows.length === 0 && <p class="empty">{h(L, 'no_actions')}</p>}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{h(L, 'problem')}</th>
              <th>{h(L, 'unit')}</th>
              <th>{h(L, 'owner')}</th>
              <th>{h(L, 'due_ack')}</th>
              <th>{h(L, 'status')}</th>
              <th>{h(L, 'actions')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <Fragment key={r.id}>
                <tr class={r.overdue ? 'overdue' : ''}>
                  <td>
                    {tx(r.title, L) || r.kind}
                    {r.notes?.length > 0 && <span class="small muted"> · {r.notes.at(-1).text}</span>}
                  </td>
                  <td>{tx(r.unit?.name, L) || r.subject?.name || '—'}</td>
                  <td>{r.owner?.name || '—'}</td>
                  <td>{fmtDate(r.due?.ack, L)}</td>
                  <td>
                    {r.status}
                    {r.overdue && <span class="badge ev-bad">{h(L, 'overdue')}</span>}
                  </td>
                  <td>
                    {r.status !== 'closed' && (
                      <select aria-label={h(L, 'mark')} value="" onChange={(e) => e.currentTarget.value && act(r, e.currentTarget.value)}>
                        <option value="">{h(L, 'mark')}</option>
                        {ITEM_ACTIONS.map((x) => (
                          <option key={x} value={x}>
                            {h(L, `act_${x}`)}
                          </option>
                        ))}
                      </select>
                    )}
                  </td>
                </tr>
                {editing?.id === r.id && (
                  <tr>
                    <td colSpan={6}>
                      <NoteForm
                        L={L}
                        item={r}
                        action={editing.action}
                        onCancel={() => setEditing(null)}
                        onDone={() => {
                          setEditing(null);
                          a.reload();
                        }}
                      />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** The HR console root; `route` is the hash path after #/hr. */
export default function Console({ route, user, locale: L }) {
  if (!user || (user.role !== 'hr' && user.role !== 'admin')) return <p class="empty">{h(L, 'not_allowed')}</p>;
  const [r, arg] = route;
  const tab = r === 'campaign' ? 'campaigns' : r || 'campaigns';
  const tabs = ['campaigns', 'review', 'import', 'actions'];
  return (
    <div class="hr">
      <h1>{h(L, 'hr_title')}</h1>
      {!navigator.onLine && <p class="note">{h(L, 'online_only')}</p>}
      <nav class="hr-tabs" aria-label={h(L, 'hr_title')}>
        {tabs.map((tb) => (
          <a key={tb} href={`#/hr/${tb}`} class={tab === tb ? 'on' : ''} aria-current={tab === tb ? 'page' : undefined}>
            {h(L, `tab_${tb}`)}
          </a>
        ))}
      </nav>
      {r === 'campaign' && arg ? <CampaignPage L={L} id={arg} /> : null}
      {tab === 'campaigns' && r !== 'campaign' && <CampaignList L={L} />}
      {tab === 'review' && <ReviewQueue L={L} />}
      {tab === 'import' && <OrgImport L={L} />}
      {tab === 'actions' && <ActionItems L={L} />}
    </div>
  );
}
