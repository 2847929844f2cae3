// HR console (online, desktop layout), loaded on demand from the app shell:
// this root draws the tabs and picks the screen; each screen is one module in
// screens/ (campaigns, campaign detail, settings, downloads, visits, review
// queue, org import, action items, operations for admins), shared pieces are in components/, pure rules
// in logic.js and endpoint paths in endpoints.js. The console's words (the "hr"
// namespace of every language) come with this chunk.
import { register, t } from '../i18n/index.js';
import { CampaignList } from './screens/CampaignList.jsx';
import { CampaignPage } from './screens/CampaignPage.jsx';
import { ReviewQueue } from './screens/ReviewQueue.jsx';
import { OrgImport } from './screens/OrgImport.jsx';
import { ActionItems } from './screens/ActionItems.jsx';
import { Ops } from './screens/Ops.jsx';
import { Cycles } from './screens/Cycles.jsx';
import { League } from './screens/League.jsx'; // service stars (issue 14 §5)
import { Dashboard } from './screens/Dashboard.jsx';
import { Certification } from './screens/Certification.jsx'; // shopper certification (issue 16 §2)
import './hr.css';

register(import.meta.glob('../i18n/*/hr.js', { eager: true }));
register(import.meta.glob('../i18n/*/console.js', { eager: true }));

/** The HR console root; `route` is the hash path after #/hr. */
export default function Console({ route, user, locale: L }) {
  if (!user || (user.role !== 'hr' && user.role !== 'admin')) return <p class="empty">{t('hr.console.not_allowed')}</p>;
  const [r, arg] = route;
  const tab = r === 'campaign' ? 'campaigns' : r || 'campaigns';
  const tabs = ['campaigns', 'dashboard', 'review', 'import', 'actions', 'cycles', 'league', 'certification', ...(user.role === 'admin' ? ['ops'] : [])];
  return (
    <div class="hr">
      <h1>{t('hr.console.title')}</h1>
      {!navigator.onLine && <p class="note">{t('hr.console.online_only')}</p>}
      <nav class="hr-tabs" aria-label={t('hr.console.title')}>
        {tabs.map((tb) => (
          <a key={tb} href={`#/hr/${tb}`} class={tab === tb ? 'on' : ''} aria-current={tab === tb ? 'page' : undefined}>
            {tb === 'dashboard' ? t('console.tab.dashboard') : t({ cycles: 'cycles.tab', certification: 'quiz.hr.tab' }[tb] || `hr.console.tab.${tb}`)}
          </a>
        ))}
        <a href="#/settings" class="hr-settings">
          {t('field.nav.settings')}
        </a>
      </nav>
      {r === 'campaign' && arg ? <CampaignPage L={L} id={arg} /> : null}
      {tab === 'campaigns' && r !== 'campaign' && <CampaignList L={L} />}
      {tab === 'dashboard' && <Dashboard L={L} id={arg} />}
      {tab === 'review' && <ReviewQueue L={L} />}
      {tab === 'import' && <OrgImport />}
      {tab === 'actions' && <ActionItems L={L} />}
      {tab === 'ops' && user.role === 'admin' && <Ops L={L} />}
      {tab === 'cycles' && <Cycles L={L} />}
      {tab === 'league' && <League L={L} />}
      {tab === 'certification' && <Certification L={L} />}
    </div>
  );
}

