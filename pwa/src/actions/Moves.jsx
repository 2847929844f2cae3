// The owner's next move on an item: acknowledge at a tap; respond (the response or apology,
// and the solution), plan, or close (a note and an optional photo, uploaded through the
// attachment pipeline first) in a short form. Online only.
import { useState } from 'preact/hooks';
import { request } from '../api.js';
import { t } from '../i18n/index.js';
import { processPhoto } from '../form/photo.js';
import { NEXT_ACTION, moveBody, needsNote } from './logic.js';
import { FollowUp } from './FollowUp.jsx';
import { useSend } from './send.js';

async function upload(photo) {
  const url = `/api/v1/attachments/${photo.sha256}`;
  await request('PUT', url, { body: photo.blob, headers: { 'Content-Type': photo.type } });
}

function TextField({ id, label, value, onInput, required }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <textarea id={id} required={required} aria-required={required ? 'true' : undefined} value={value} onInput={(e) => onInput(e.currentTarget.value)} />
    </div>
  );
}

function PhotoField({ photo, setPhoto, send }) {
  const pick = (e) => {
    const file = e.currentTarget.files?.[0];
    if (file) send.run(async () => setPhoto(await processPhoto(file)));
  };
  return (
    <div class="field">
      <label for="close-photo">{t('actions.field.photo')}</label>
      <input id="close-photo" type="file" accept="image/*" capture="environment" onChange={pick} />
      {photo && <p class="small">{t('actions.photo_attached')}</p>}
    </div>
  );
}

function MoveForm({ item, action, onDone }) {
  const [f, setF] = useState({ note: '', solution: '' });
  const [photo, setPhoto] = useState(null);
  const send = useSend();
  const submit = (e) => {
    e.preventDefault();
    if (needsNote(action) && !f.note.trim()) return send.setErr(t('actions.err.note_required'));
    return send.run(async () => {
      if (photo) await upload(photo);
      await request('PATCH', `/api/v1/action-items/${item.id}`, { json: moveBody(action, { ...f, photo: photo?.sha256 }) });
      await onDone();
    });
  };
  return (
    <form class="card move-form" onSubmit={submit} noValidate>
      <TextField id="move-note" label={t(`actions.field.note.${action}`)} value={f.note} onInput={(note) => setF({ ...f, note })} required />
      {action === 'respond' && <TextField id="move-solution" label={t('actions.field.solution')} value={f.solution} onInput={(solution) => setF({ ...f, solution })} />}
      {action === 'close' && <PhotoField photo={photo} setPhoto={setPhoto} send={send} />}
      {send.err && <p class="field-error" role="alert">{send.err}</p>}
      <button type="submit" class="btn btn-primary btn-block" disabled={send.busy}>
        {send.busy ? t('actions.saving') : t(`actions.act.${action}`)}
      </button>
    </form>
  );
}

function Acknowledge({ item, onDone }) {
  const send = useSend();
  const ack = () => send.run(async () => {
    await request('PATCH', `/api/v1/action-items/${item.id}`, { json: moveBody('acknowledge') });
    await onDone();
  });
  return (
    <div class="card move-form">
      <button type="button" class="btn btn-primary btn-block" id="ack" disabled={send.busy} onClick={ack}>
        {send.busy ? t('actions.saving') : t('actions.act.acknowledge')}
      </button>
      {send.err && <p class="field-error" role="alert">{send.err}</p>}
    </div>
  );
}

export function Moves({ item, onDone, L }) {
  const action = NEXT_ACTION[item.status];
  return (
    <>
      {action === 'acknowledge' ? <Acknowledge item={item} onDone={onDone} /> : <MoveForm key={action} item={item} action={action} onDone={onDone} />}
      <FollowUp item={item} onDone={onDone} L={L} />
    </>
  );
}
