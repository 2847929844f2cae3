// The shell's fixed bars: simple inline SVG icons for the bottom navigation, and the
// measured heights of the header and the bottom bar as CSS variables (--header-h,
// --nav-h), so sticky parts sit below the header and no content hides under the bar, at
// any text size.
import { useEffect } from 'preact/hooks';

const PATHS = {
  earnings: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM9 8l3 4 3-4M12 12v6M9 13h6M9 16h6',
  today: 'M4 5h16v15H4zM4 9h16M8 3v4M16 3v4M8 13h3v3H8z',
  outbox: 'M4 14v5h16v-5M12 4v11M7 9l5-5 5 5',
  settings: 'M12 9a3 3 0 1 0 0 6 3 3 0 0 0 0-6zM12 2v3M12 19v3M2 12h3M19 12h3M5 5l2 2M17 17l2 2M5 19l2-2M17 7l2-2',
  reviews: 'M5 3h10l4 4v14H5zM9 12h6M9 16h6M9 8h3',
  peers: 'M9 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM3 20c0-3 3-5 6-5s6 2 6 5M16 5a3 3 0 0 1 0 6M18 15c2 .5 3 2.5 3 5',
  hr: 'M3 20h18M5 20V10M10 20V6M15 20v-8M20 20V4',
  inbox: 'M4 4h16v16H4zM4 14h5l1 2h4l1-2h5',
  certification: 'M12 3l7 3v5c0 4.5-3 8-7 10-4-2-7-5.5-7-10V6zM9 12l2 2 4-4',
  actions: 'M9 6h11M9 12h11M9 18h11M4 6l1 1 2-2M4 12l1 1 2-2M4 18l1 1 2-2',
  visits: 'M12 21s-6-5.5-6-11a6 6 0 0 1 12 0c0 5.5-6 11-6 11zM12 12a2 2 0 1 0 0-4 2 2 0 0 0 0 4z',
  more: 'M4 6h16M4 12h16M4 18h16',
  jobs: 'M4 8h16v11H4zM9 8V5h6v3M4 13h16',
};

/** A 24 px line icon for a navigation entry (decorative: the label names it). */
export function NavIcon({ name }) {
  const d = PATHS[name] || PATHS.today;
  return (
    <svg class="nav-icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
      <path d={d} fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" />
    </svg>
  );
}

function measure() {
  const root = document.documentElement.style;
  const header = document.querySelector('header.top');
  const nav = document.querySelector('nav.bottom');
  root.setProperty('--header-h', `${header ? header.offsetHeight : 0}px`);
  root.setProperty('--nav-h', `${nav ? nav.offsetHeight : 0}px`);
}

/** Keep --header-h and --nav-h equal to the bars' heights (text size, language, wrapping);
 * `key` changes when a bar may appear, go or change its words. */
export function useBarHeights(key) {
  useEffect(() => {
    measure();
    if (typeof ResizeObserver === 'undefined') return undefined;
    const ro = new ResizeObserver(measure);
    document.querySelectorAll('header.top, nav.bottom').forEach((el) => ro.observe(el));
    return () => ro.disconnect();
  }, [key]);
}
