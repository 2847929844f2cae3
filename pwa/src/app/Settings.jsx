import { useEffect, useState } from 'preact/hooks';
import * as db from '../db.js';
import { language, languages, t, tIn } from './i18n.js';
import { fmtBytes } from '../form/units.js';
import { logout, setLocale, useStore } from './controller.js';
import { ReminderSwitch } from './Inbox.jsx';


function blobToDataUrl(blob) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(r.result);
    r.onerror = () => reject(r.error);
    r.readAsDataURL(blob);
  });
}

/** Download every unsent draft/outbox item (photos inline) as a JSON file. */
async function exportUnsent(user) {
  const { drafts, outbox, photos } = await db.collectUnsent(user.id);
  const photoData = {};
  for (const p of photos) photoData[p.sha256] = { type: p.type, data: await blobToDataUrl(p.blob) };
  const payload = {
    exported_at: new Date().toISOString(),
    user: { id: user.id, email: user.email },
    outbox: outbox.map((i) => (i.kind === 'expense' ? { id: i.id, kind: i.kind, state: i.state, error: i.error, visit_id: i.visitId, expense: i.body } : { id: i.id, state: i.state, error: i.error, submission: i.submission })),
    drafts: drafts.map((d) => ({ assignment_id: d.assignmentId, form_version_id: d.formVersionId, answers: d.answers, na: d.na, visit: d.visit })),
    photos: photoData,
  };
  const url = URL.createObjectURL(new Blob([JSON.stringify(payload, null, 1)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `unsent-${user.email}-${payload.exported_at.slice(0, 19).replace(/[:T]/g, '-')}.json`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function LogoutDialog({ L, pending, onClose }) {
  const [discard, setDiscard] = useState(false);
  const go = async () => {
    if (discard && pending > 0 && !confirm(t('field.settings.logout_discard_confirm', { n: pending }))) return;
    await logout({ discard });
    location.hash = '#/';
  };
  return (
    <div class="card dialog" role="alertdialog" aria-labelledby="logout-h" aria-describedby="logout-d">
      <h2 id="logout-h">{t('field.settings.logout')}</h2>
      {pending > 0 && (
        <>
          <p id="logout-d" class="note">
            {t('field.settings.logout_warning', { n: pending })}
          </p>
          <label class="check">
            <input type="checkbox" checked={discard} onChange={(e) => setDiscard(e.currentTarget.checked)} /> {t('field.settings.logout_discard')}
          </label>
        </>
      )}
      <div class="pager">
        <button type="button" class="btn btn-secondary" onClick={onClose}>
          {t('common.cancel')}
        </button>
        <button type="button" class={`btn ${discard ? 'btn-danger' : 'btn-primary'}`} onClick={go}>
          {t('field.settings.logout_confirm')}
        </button>
      </div>
    </div>
  );
}

function LanguageCard({ L }) {
  return (
    <section class="card">
      <label for="set-lang">{t('field.settings.language')}</label>
      <select id="set-lang" value={L} onChange={(e) => setLocale(e.currentTarget.value)}>
        {languages().map((lang) => (
          <option key={lang} value={lang}>
            {tIn(lang, 'common.language_name')}
          </option>
        ))}
      </select>
    </section>
  );
}

function AccountCard({ user }) {
  return (
    <section class="card">
      <h2>{t('field.settings.account')}</h2>
      <p>
        {user.name}
        <br />
        <span class="muted">{user.email}</span>
        <br />
        <span class="muted">
          {t('field.settings.role')}: {t(`field.role.${user.role}`)}
        </span>
      </p>
    </section>
  );
}

function StorageCard({ est, persisted }) {
  return (
    <section class="card">
      <h2>{t('field.settings.storage_used')}</h2>
      <p>{est ? t('field.settings.storage_value', { used: fmtBytes(est.usage || 0, language()), quota: fmtBytes(est.quota || 0, language()) }) : '—'}</p>
      {persisted !== null && <p class="hint">{persisted ? t('field.settings.storage_persisted') : t('field.settings.storage_not_persisted')}</p>}
    </section>
  );
}

/** Language, account, storage, export of unsent items, log out. */
export function Settings() {
  const s = useStore();
  const L = s.locale;
  const [est, setEst] = useState(null);
  const [persisted, setPersisted] = useState(null);
  const [dialog, setDialog] = useState(false);
  useEffect(() => {
    navigator.storage?.estimate?.().then(setEst).catch(() => {});
    navigator.storage?.persisted?.().then(setPersisted).catch(() => {});
  }, []);
  const pending = s.unsent + s.drafts.length;
  return (
    <div class="settings">
      <h1>{t('field.settings.title')}</h1>
      <LanguageCard L={L} />
      <AccountCard user={s.user} />
      <ReminderSwitch />
      <StorageCard est={est} persisted={persisted} />
      <section class="card">
        <h2>{t('field.settings.export_unsent')}</h2>
        <p class="hint">{t('field.settings.export_hint')}</p>
        <button type="button" class="btn btn-secondary" disabled={pending === 0} onClick={() => exportUnsent(s.user)}>
          {t('field.settings.export_unsent')} ({pending})
        </button>
      </section>
      <section>
        {dialog ? (
          <LogoutDialog L={L} pending={pending} onClose={() => setDialog(false)} />
        ) : (
          <button type="button" class="btn btn-danger wide-btn" onClick={() => setDialog(true)}>
            {t('field.settings.logout')}
          </button>
        )}
      </section>
    </div>
  );
}
