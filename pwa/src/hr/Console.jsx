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
import { ApiTokens } from './screens/ApiTokens.jsx'; // API tokens (issue 17 §1)
import { Webhooks } from './screens/Webhooks.jsx'; // webhooks (issue 17 §2), admins
import { Privacy } from './screens/Privacy.jsx'; // personal data, retention (issue 17)
import { JobsBoard } from './screens/JobsBoard.jsx'; // job board (issue 16 §1)
import { PayRuns } from './screens/PayRuns.jsx'; // shopper pay (issue 16 §3)
import { Certification } from './screens/Certification.jsx'; // shopper certification (issue 16 §2)
import './hr.css';

register(import.meta.glob('../i18n/*/hr.js', { eager: true }));
register(import.meta.glob('../i18n/*/console.js', { eager: true }));
register(import.meta.glob('../i18n/*/tokens.js', { eager: true }));
register(import.meta.glob('../i18n/*/webhooks.js', { eager: true }));

/**
 * The console's pages in groups (a sidebar at desktop width, a wrapped list below).
 * `admin`: only administrators see the group. A page's label is `hr.console.tab.<page>`
 * unless TAB_LABELS names its feature's own key. A new page is one entry here and one in PAGES.
 */
const NAV = [
  { group: 'work', tabs: ['campaigns', 'cycles', 'review', 'actions'] },
  { group: 'insight', tabs: ['dashboard', 'league'] },
  { group: 'shoppers', tabs: ['jobs', 'pay', 'certification'] },
  { group: 'org', tabs: ['import'] },
  { group: 'admin', admin: true, tabs: ['ops', 'tokens', 'webhooks', 'privacy'] },
];
/** A tab's label key where it is not `hr.console.tab.<tab>` (each feature's own namespace). */
const TAB_LABELS = { dashboard: 'console.tab.dashboard', cycles: 'cycles.tab', tokens: 'tokens.tab', webhooks: 'webhooks.tab', privacy: 'privacy.tab', jobs: 'jobs.hr.tab', pay: 'pay.hr.tab', certification: 'quiz.hr.tab' };

/** Each page's screen (`arg`: the route's argument). Admin pages sit in NAV's admin group. */
const PAGES = {
  campaigns: ({ L }) => <CampaignList L={L} />,
  cycles: ({ L }) => <Cycles L={L} />,
  review: ({ L }) => <ReviewQueue L={L} />,
  actions: ({ L }) => <ActionItems L={L} />,
  dashboard: ({ L, arg }) => <Dashboard L={L} id={arg} />,
  league: ({ L }) => <League L={L} />,
  jobs: ({ L, arg }) => <JobsBoard L={L} campaignId={arg} />,
  pay: ({ L, route }) => <PayRuns L={L} route={route.slice(1)} />,
  certification: ({ L }) => <Certification L={L} />,
  import: () => <OrgImport />,
  ops: ({ L }) => <Ops L={L} />,
  tokens: ({ L }) => <ApiTokens L={L} />,
  webhooks: ({ L }) => <Webhooks L={L} />,
  privacy: ({ L }) => <Privacy L={L} />,
};

function ConsoleNav({ groups, tab }) {
  return (
    <nav class="hr-tabs hr-nav" aria-label={t('hr.console.title')}>
      {groups.map((g) => (
        <div key={g.group} class="hr-nav-group" role="group" aria-labelledby={`hr-nav-${g.group}`}>
          <span class="hr-nav-title" id={`hr-nav-${g.group}`}>{t(`console.nav.${g.group}`)}</span>
          {g.tabs.map((tb) => (
            <a key={tb} href={`#/hr/${tb}`} class={tab === tb ? 'on' : ''} aria-current={tab === tb ? 'page' : undefined}>
              {t(TAB_LABELS[tb] || `hr.console.tab.${tb}`)}
            </a>
          ))}
        </div>
      ))}
      <a href="#/settings" class="hr-settings">
        {t('field.nav.settings')}
      </a>
    </nav>
  );
}

/** The HR console root; `route` is the hash path after #/hr. */
export default function Console({ route, user, locale: L }) {
  if (!user || (user.role !== 'hr' && user.role !== 'admin')) return <p class="empty">{t('hr.console.not_allowed')}</p>;
  const [r, arg] = route;
  const tab = r === 'campaign' ? 'campaigns' : r || 'campaigns';
  const groups = NAV.filter((g) => !g.admin || user.role === 'admin');
  const Page = groups.some((g) => g.tabs.includes(tab)) ? PAGES[tab] : null;
  return (
    <div class="hr">
      <h1>{t('hr.console.title')}</h1>
      {!navigator.onLine && <p class="note">{t('hr.console.online_only')}</p>}
      <div class="hr-layout">
        <ConsoleNav groups={groups} tab={tab} />
        <div class="hr-page">
          {r === 'campaign' && arg ? <CampaignPage L={L} id={arg} /> : Page && <Page L={L} arg={arg} route={route} />}
        </div>
      </div>
    </div>
  );
}
