// The field app shell: header with outbox counter and language switch,
// banners (offline, sign-in needed, service worker notices, iOS install hint),
// hash routes, bottom navigation. The HR console is loaded on demand so the
// shell stays small.
import { useEffect, useState } from 'preact/hooks';
import { nextLanguage, t } from './i18n.js';
import { setLocale, store, useStore } from './controller.js';
import { applyUpdate } from './swRegister.js';
import { Login } from './Login.jsx';
import { ForgotPassword, ResetPassword } from './ResetPassword.jsx';
import { Today } from './Today.jsx';
import { FormScreen } from './FormScreen.jsx';
import { Outbox } from './Outbox.jsx';
import { Settings } from './Settings.jsx';
import { Inbox, InboxBell } from './Inbox.jsx';
import { MyVisits } from '../timers/MyVisits.jsx';
import { JobBoard } from '../jobs/Board.jsx';
import { ActionsScreen, useOwnsActions } from '../actions/entry.jsx';
import { afterLoginHash, loginHashFor } from './routes.js';
import { useBarHeights } from './chrome.jsx';
import { BottomNav } from './BottomNav.jsx';
import '../quiz/i18n.js'; // the Certification nav label (issue 16 §2)

function HrConsole(props) {
  const [Comp, setComp] = useState(null);
  useEffect(() => {
    import('../hr/Console.jsx').then((m) => setComp(() => m.default));
  }, []);
  return Comp ? <Comp {...props} /> : <p class="muted">{t('common.loading')}</p>;
}

// Employee screens (My reviews, Peer nominations): online only, own chunk.
function People(props) {
  const [Comp, setComp] = useState(null);
  useEffect(() => {
    import('../people/People.jsx').then((m) => setComp(() => m.default));
  }, []);
  return Comp ? <Comp {...props} /> : <p class="muted">{t('common.loading')}</p>;
}

// The daily self-check month grid (recurring cycles): online only, own chunk.
function SelfChecks(props) {
  const [Comp, setComp] = useState(null);
  useEffect(() => {
    import('../cycles/SelfChecks.jsx').then((m) => setComp(() => m.default));
  }, []);
  return Comp ? <Comp {...props} /> : <p class="muted">{t('common.loading')}</p>;
}

// The shopper's Earnings and expenses (issue 16 §3): online, own chunk with its "pay" words.
function Earnings(props) {
  const [Comp, setComp] = useState(null);
  useEffect(() => {
    import('../pay/Earnings.jsx').then((m) => setComp(() => m.default));
  }, []);
  return Comp ? <Comp {...props} /> : <p class="muted">{t('common.loading')}</p>;
}

// The shopper's certification quizzes (issue 16 §2): online only, own chunk.
function Certification(props) {
  const [Comp, setComp] = useState(null);
  useEffect(() => {
    import('../quiz/Certification.jsx').then((m) => setComp(() => m.default));
  }, []);
  return Comp ? <Comp {...props} /> : <p class="muted">{t('common.loading')}</p>;
}

function useHashRoute() {
  const read = () => (location.hash.replace(/^#/, '').split('?')[0] || '/').split('/').filter(Boolean);
  const [parts, setParts] = useState(read());
  useEffect(() => {
    const on = () => setParts(read());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return parts;
}

const isIos = () => /iphone|ipad|ipod/i.test(navigator.userAgent) && !window.matchMedia('(display-mode: standalone)').matches && !navigator.standalone;

function UpdateBanner({ update, unsent }) {
  return (
    <div class="banner info">
      {t('field.shell.update_available')}{' '}
      {unsent > 0 ? (
        t('field.shell.update_after_sync')
      ) : (
        <button type="button" class="btn btn-small" onClick={() => applyUpdate(update)}>
          {t('field.shell.update_now')}
        </button>
      )}
    </div>
  );
}

/** "Ready offline", shown for 8 seconds or until dismissed. */
function ReadyBanner({ ready }) {
  const [hidden, setHidden] = useState(false);
  useEffect(() => {
    if (!ready) return undefined;
    const id = setTimeout(() => setHidden(true), 8000);
    return () => clearTimeout(id);
  }, [ready]);
  if (!ready || hidden) return null;
  return (
    <div class="banner ok">
      {t('field.shell.ready_offline')}{' '}
      <button type="button" class="link" onClick={() => setHidden(true)}>
        {t('common.dismiss')}
      </button>
    </div>
  );
}

/** How to install on iOS, until dismissed for good. */
function IosBanner() {
  const [hidden, setHidden] = useState(localStorage.getItem('iosHintHidden') === '1');
  if (!isIos() || hidden) return null;
  const dismiss = () => {
    localStorage.setItem('iosHintHidden', '1');
    setHidden(true);
  };
  return (
    <div class="banner info">
      {t('field.shell.ios_install')}{' '}
      <button type="button" class="link" onClick={dismiss}>
        {t('common.dismiss')}
      </button>
    </div>
  );
}

function Banners({ s, route, onlineOnly }) {
  return (
    <div class="banners" aria-live="polite">
      {!s.online && <div class="banner offline">{t('field.shell.offline_banner')}</div>}
      {s.authNeeded && (
        <div class="banner warn">
          {t('field.shell.auth_needed_banner')}{' '}
          <a class="btn btn-small" href={loginHashFor(route)}>
            {t('field.shell.sign_in_again')}
          </a>
        </div>
      )}
      {s.sw.update && <UpdateBanner update={s.sw.update} unsent={s.unsent} />}
      {!onlineOnly && <ReadyBanner ready={s.sw.offlineReady} />}
      <IosBanner />
    </div>
  );
}

function Header({ s, L, onlineOnly }) {
  return (
    <header class="top">
      <a class="brand" href="#/">
        {t('common.app_name')}
      </a>
      <div class="top-actions">
        {s.user && !(onlineOnly && !s.unsent) && (
          <a class={`counter${s.unsent ? ' has' : ''}`} href="#/outbox" aria-label={t('field.shell.outbox_count', { n: s.unsent })}>
            <span aria-hidden="true">⇪</span> {s.unsent}
          </a>
        )}
        {s.user && <InboxBell user={s.user} />}
        <button type="button" class="btn btn-small btn-ghost" lang={nextLanguage(L)} aria-label={t('common.lang_switch_label')} onClick={() => setLocale(nextLanguage(L))}>
          {t('common.lang_switch')}
        </button>
      </div>
    </header>
  );
}

function Nav({ route, user }) {
  return <BottomNav route={route} user={user} ownsActions={useOwnsActions(user)} />;
}

function Screen({ route, s }) {
  const [r, arg] = route;
  if (r === 'form' && arg) return <FormScreen assignmentId={Number(arg)} />;
  if (r === 'outbox') return <Outbox />;
  if (r === 'inbox') return <Inbox />;
  if (r === 'actions') return <ActionsScreen id={arg} user={s.user} locale={s.locale} online={s.online} />;
  if (r === 'settings') return <Settings />;
  if (r === 'visits') return <MyVisits id={arg ? Number(arg) : null} L={s.locale} />;
  if (r === 'jobs') return <JobBoard tab={arg} L={s.locale} online={s.online} user={s.user} />;
  if (r === 'self-checks') return <SelfChecks user={s.user} />;
  if (r === 'earnings') return <Earnings id={arg ? Number(arg) : null} L={s.locale} />;
  if (r === 'certification') return <Certification formKey={arg} L={s.locale} online={s.online} />;
  if (r === 'reviews' || r === 'peers') return <People screen={r} user={s.user} locale={s.locale} />;
  if (r === 'hr')
    return (
      <HrConsole route={route.slice(1)} user={s.user} locale={s.locale} />
    );
  return <Today />;
}

/** Moves focus to the content; never a link target, which would change the hash route. */
function SkipLink() {
  const skip = (e) => {
    e.preventDefault();
    const main = document.getElementById('main');
    main?.focus();
    main?.scrollIntoView({ block: 'start' });
  };
  return (
    <a class="skip" href="#main" onClick={skip}>
      {t('common.skip')}
    </a>
  );
}

export function App() {
  const s = useStore();
  const route = useHashRoute();
  const L = s.locale;
  useBarHeights(`${!!s.user}-${s.booting}-${L}-${route[0]}`);
  useEffect(() => {
    document.documentElement.lang = L;
  }, [L]);
  const wide = route[0] === 'hr';
  if (s.booting) return <p class="boot">{t('common.loading')}</p>;
  const needLogin = !s.user || route[0] === 'login';
  // Reached from a mailed link or the sign-in screen, signed in or not.
  const SignedOut = { reset: ResetPassword, forgot: ForgotPassword }[route[0]];
  return (
    <div class={`app${wide ? ' wide' : ''}`}>
      <SkipLink />
      <Header s={s} L={L} onlineOnly={wide} />
      <Banners s={s} L={L} route={route} onlineOnly={wide} />
      <main id="main" tabIndex={-1}>
        {SignedOut ? (
          <SignedOut />
        ) : needLogin ? (
          <Login
            onDone={() => {
              if (route[0] === 'login') location.replace(afterLoginHash(location.hash));
            }}
          />
        ) : (
          <Screen route={route} s={s} />
        )}
      </main>
      {s.user && !needLogin && !SignedOut && !wide && <Nav route={route} L={L} user={s.user} />}
    </div>
  );
}

export { store };
