// The photo question: thumbnails with a remove button, a capture button up to the
// maximum, the count and an error when a photo could not be processed. Storing photos is
// injected (`photos.add(file)` -> sha256, `photos.thumbUrl(sha)`).
import { useState } from 'preact/hooks';
import { t } from '../i18n/index.js';
import { minPhotos } from './model.js';

function Thumbs({ list, photos, disabled, onAnswer }) {
  const remove = (sha) => {
    const next = list.filter((h) => h !== sha);
    onAnswer(next.length ? next : null);
  };
  return (
    <div class="thumbs">
      {list.map((sha, n) => (
        <figure class="thumb" key={sha}>
          <img src={photos.thumbUrl(sha)} alt={t('form.photo_n', { n: n + 1 })} />
          <button type="button" class="thumb-x" disabled={disabled} aria-label={t('form.remove_photo', { n: n + 1 })} onClick={() => remove(sha)}>
            ×
          </button>
        </figure>
      ))}
    </div>
  );
}

/** Adding the chosen files (up to `max` photos in all): [busy, error, onChange handler]. */
function useAddPhotos(list, max, photos, onAnswer) {
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState('');
  const onFiles = async (e) => {
    const files = [...e.currentTarget.files];
    e.currentTarget.value = '';
    setBusy(true);
    setErr('');
    try {
      let next = [...list];
      for (const f of files.slice(0, max - next.length)) {
        const sha = await photos.add(f);
        if (!next.includes(sha)) next.push(sha);
      }
      onAnswer(next.length ? next : null);
    } catch {
      setErr(t('form.photo_failed'));
    } finally {
      setBusy(false);
    }
  };
  return [busy, err, onFiles];
}

/**
 * One way to add photos: the camera (`capture`) or the gallery (photos taken earlier, e.g. of
 * a receipt). Either way the capture time is read from the photo's EXIF (else the file's
 * time) and written into the stored copy, so HR's evidence check still sees it.
 */
function PickButton({ id, capture, multiple, disabled, onFiles, text }) {
  return (
    <label class={`btn photo-btn ${capture ? 'btn-secondary' : 'btn-ghost'}`}>
      <input id={id} class="visually-hidden" type="file" accept="image/*" capture={capture ? 'environment' : undefined} multiple={multiple} disabled={disabled} onChange={onFiles} />
      {text}
    </label>
  );
}

export function PhotoInput({ q, value, onAnswer, disabled, photos, inputId }) {
  const list = Array.isArray(value) ? value : [];
  const max = q.max_count ?? 5;
  const [busy, err, onFiles] = useAddPhotos(list, max, photos, onAnswer);
  return (
    <div class="photos">
      <Thumbs list={list} photos={photos} disabled={disabled} onAnswer={onAnswer} />
      {list.length < max && (
        <div class="photo-btns">
          <PickButton id={inputId} capture multiple={false} disabled={disabled || busy} onFiles={onFiles} text={busy ? t('form.processing_photo') : t('form.take_photo')} />
          <PickButton id={`${inputId}-gallery`} multiple={max - list.length > 1} disabled={disabled || busy} onFiles={onFiles} text={t('form.choose_photo')} />
        </div>
      )}
      <div class="hint">{t('form.photo_count', { n: list.length, min: minPhotos(q), max })}</div>
      {err && (
        <div class="field-error" role="alert">
          {err}
        </div>
      )}
    </div>
  );
}
