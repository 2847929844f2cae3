// The console's one person picker: a search box narrowing a list of people, each labelled
// with their unit and title (namesakes told apart by number or e-mail), optionally only
// people of some roles (the conflict list offers shoppers). Used by Privacy, Downloads and
// the job board's conflict list.
import { useState } from 'preact/hooks';
import { t } from '../../i18n/index.js';
import { pickerOptions } from '../views.js';

/**
 * `id` names the search box (`${id}-search`) and the count (`${id}-count`); `selectId` the
 * select. `units.ofPerson(p)` names a person's unit. Labels: `searchLabel`, `label`,
 * `noneLabel`, and `matches(n)` for the count. `roles`: keep only these roles.
 */
export function PersonPicker({ L, people, value, onChange, units, roles, id, selectId, label, searchLabel, noneLabel, matches, required = false }) {
  const [q, setQ] = useState('');
  const shown = pickerOptions(people, L, units?.ofPerson || (() => ''), q, roles);
  return (
    <div class="picker">
      <label for={`${id}-search`}>{searchLabel}</label>
      <input id={`${id}-search`} type="search" value={q} aria-describedby={`${id}-count`} onInput={(e) => setQ(e.currentTarget.value)} />
      <p class="small muted" id={`${id}-count`} role="status">
        {matches(shown.length)}
      </p>
      <label for={selectId}>{label}</label>
      <select id={selectId} value={value} required={required} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">{noneLabel ?? t('hr.campaigns.none')}</option>
        {shown.map((e) => (
          <option key={e.id} value={String(e.id)}>
            {e.label}
          </option>
        ))}
      </select>
    </div>
  );
}
