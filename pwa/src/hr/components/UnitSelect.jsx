// The console's unit selector: every org unit by name (its path when unnamed), with the
// field's error under it. Used by the job board (publishing a job, the conflict list).
import { useLoad } from '../../useLoad.js';
import { tx } from '../../i18n/index.js';
import { EP, get, listOf } from '../endpoints.js';
import { Field, FieldError } from './fields.jsx';

export function UnitSelect({ L, id, label, value, onChange, error, required = true }) {
  const units = useLoad(() => get(EP.units), []);
  return (
    <Field id={id} label={label}>
      <select id={id} required={required} value={value} onChange={onChange}>
        <option value="">—</option>
        {listOf(units.data, 'units').map((u) => (
          <option key={u.id} value={String(u.id)}>
            {tx(u.name, L) || u.path}
          </option>
        ))}
      </select>
      <FieldError text={error} />
    </Field>
  );
}
