// Scheduling the follow-up of an item: a call (e.g. to the customer who left a contact), or a
// follow-up mystery-shop visit, created on the server for the shopper picked here.
import { useEffect, useState } from 'preact/hooks';
import { request } from '../api.js';
import { t, tx } from '../i18n/index.js';
import { followUpBody } from './logic.js';
import { useSend } from './send.js';

function VisitFields({ item, f, set, L }) {
  const [opts, setOpts] = useState(null);
  useEffect(() => {
    request('GET', `/api/v1/action-items/${item.id}/follow-up-options`).then((o) => {
      setOpts(o);
      const ids = o.campaigns.map((c) => c.id);
      set({ campaign_id: String(ids.includes(o.default_campaign_id) ? o.default_campaign_id : ids[0] ?? '') });
    }, () => setOpts({ shoppers: [], campaigns: [] }));
  }, [item.id]);
  if (!opts) return <p class="muted">{t('common.loading')}</p>;
  return (
    <>
      <label for="fu-shopper">{t('actions.followup.shopper')}</label>
      <select id="fu-shopper" value={f.shopper_id} onChange={(e) => set({ shopper_id: e.currentTarget.value })}>
        <option value="">—</option>
        {opts.shoppers.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
      </select>
      <label for="fu-campaign">{t('actions.followup.campaign')}</label>
      <select id="fu-campaign" value={f.campaign_id} onChange={(e) => set({ campaign_id: e.currentTarget.value })}>
        {opts.campaigns.map((c) => <option key={c.id} value={c.id}>{tx(c.name, L)}</option>)}
      </select>
    </>
  );
}

function KindChoice({ f, set }) {
  return (
    <fieldset class="choice-row">
      <legend>{t('actions.followup.kind_label')}</legend>
      {['call', 'visit'].map((k) => (
        <label key={k}>
          <input type="radio" name="fu-kind" value={k} checked={f.kind === k} onChange={() => set({ kind: k })} /> {t(`actions.followup.kind.${k}`)}
        </label>
      ))}
    </fieldset>
  );
}

export function FollowUp({ item, onDone, L }) {
  const [f, setF] = useState({ kind: 'call', at: '', note: '', shopper_id: '', campaign_id: '' });
  const set = (patch) => setF((old) => ({ ...old, ...patch }));
  const send = useSend();
  const submit = (e) => {
    e.preventDefault();
    const { body, error } = followUpBody(f);
    if (error) return send.setErr(t(error));
    return send.run(async () => {
      await request('POST', `/api/v1/action-items/${item.id}/follow-up`, { json: body });
      await onDone();
    });
  };
  return (
    <details class="card followup">
      <summary>{t('actions.followup.title')}</summary>
      <form onSubmit={submit} noValidate>
        <KindChoice f={f} set={set} />
        <label for="fu-at">{t('actions.followup.at')}</label>
        <input id="fu-at" type="datetime-local" value={f.at} onInput={(e) => set({ at: e.currentTarget.value })} />
        {f.kind === 'visit' && <VisitFields item={item} f={f} set={set} L={L} />}
        <label for="fu-note">{t('actions.followup.note')}</label>
        <textarea id="fu-note" value={f.note} onInput={(e) => set({ note: e.currentTarget.value })} />
        {send.err && <p class="field-error" role="alert">{send.err}</p>}
        <button type="submit" class="btn btn-secondary btn-block" disabled={send.busy}>{t('actions.followup.save')}</button>
      </form>
    </details>
  );
}
