// Service stars (服务标兵) on My reviews: the user's own stars with history and, for a
// manager, their team's. Mounted by People.jsx with one line; words in the "stars" namespace.
import { useLoad } from '../useLoad.js';
import { request } from '../api.js';
import { register, t } from '../i18n/index.js';
import { byPeriod, periodLabel, unitName } from './starsLogic.js';

register(import.meta.glob('../i18n/*/stars.js', { eager: true }));

const V = '/api/v1';
const GOLD = { color: '#a66f00' }; // dark gold: 4.5:1 on white

function OwnStars({ L }) {
  const list = useLoad(() => request('GET', `${V}/me/stars`));
  const stars = list.data?.stars || [];
  if (list.error || stars.length === 0) return null;
  return (
    <section class="card stars" aria-labelledby="stars-own-title">
      <h2 id="stars-own-title">
        <span class="star-badge" aria-hidden="true" style={GOLD}>★</span> {t('stars.own.title')}
      </h2>
      <ul class="stars-list">
        {stars.map((s) => (
          <li key={`${s.period}-${s.unit.id}`} class="star-item">
            <strong>{periodLabel(s.period, L)}</strong> · {unitName(s.unit, L)} · {t('stars.rank', { r: s.rank })}
          </li>
        ))}
      </ul>
    </section>
  );
}

function TeamStars({ L }) {
  const list = useLoad(() => request('GET', `${V}/me/team-stars`));
  const groups = byPeriod(list.data?.stars);
  if (list.error || groups.length === 0) return null;
  return (
    <section class="card stars" aria-labelledby="stars-team-title">
      <h2 id="stars-team-title">
        <span class="star-badge" aria-hidden="true" style={GOLD}>★</span> {t('stars.team.title')}
      </h2>
      {groups.map((g) => (
        <div key={g.period}>
          <h3 class="small">{periodLabel(g.period, L)}</h3>
          <ul class="stars-list">
            {g.stars.map((s) => (
              <li key={s.employee.id} class="star-item">
                ★ {s.employee.name} · {unitName(s.unit, L)} · {t('stars.rank', { r: s.rank })}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

/** The stars block of My reviews (nothing at all while there is no star to show). */
export function Stars({ L, user }) {
  if (!user || user.role === 'shopper') return null;
  return (
    <>
      <OwnStars L={L} />
      {user.is_manager && <TeamStars L={L} />}
    </>
  );
}
