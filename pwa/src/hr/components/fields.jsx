// Form pieces the console's screens share: a labelled field, a field's error
// line and a form's error alert.
import { t } from '../../i18n/index.js';

/** A field's error text: our own keys translated, the server's message as sent. */
const errText = (v) => (v === 'whole_number' || v === 'number' || v === 'required' ? t(`hr.form.err.${v}`) : v);

/** The error under one field (`id` is what the field's aria-describedby names). */
export function FieldError({ id, text }) {
  if (!text) return null;
  return (
    <p class="field-error" id={id}>
      {errText(text)}
    </p>
  );
}

/** A label above its control, in one grid cell. */
export function Field({ id, label, children }) {
  return (
    <div>
      <label for={id}>{label}</label>
      {children}
    </div>
  );
}

/** A form's error message, announced when it appears. */
export function Alert({ id, text }) {
  if (!text) return null;
  return (
    <p class="field-error" id={id} role="alert">
      {text}
    </p>
  );
}
