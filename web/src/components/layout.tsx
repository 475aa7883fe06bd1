import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { useSession } from '../api/session';
import { mayOpen, routes } from '../routes';
import { NotificationBell } from './notification-bell';
import { UpdateBanner } from './update-banner';

export function Layout({ children }: { children: ReactNode }) {
  const [location] = useLocation();
  const main = useRef<HTMLElement>(null);
  const previous = useRef(location);

  // After an in-app navigation, start screen readers and keyboards at the new page, not the old link.
  useEffect(() => {
    if (previous.current === location) return;
    previous.current = location;
    main.current?.focus();
  }, [location]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <div className="site-header-inner">
          <Link href="/" className="brand">
            Qgig
          </Link>
          <SiteNav location={location} />
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <UpdateBanner />
        {children}
      </main>
      <footer className="site-footer">
        <p>Qgig: substitute staff for Uganda’s schools, clinics and households.</p>
      </footer>
    </>
  );
}

function SiteNav({ location }: { location: string }) {
  const session = useSession();
  // The menu closes by itself on navigation: it is open only on the page where it was opened.
  const [openedAt, setOpenedAt] = useState<string | null>(null);

  if (session.status !== 'signed-in') {
    return (
      <nav aria-label="Account" className="guest-nav">
        <NavLink href="/login" current={location}>
          Sign in
        </NavLink>
        <NavLink href="/register" current={location}>
          Create account
        </NavLink>
      </nav>
    );
  }

  const open = openedAt === location;
  const items = routes.filter((route) => route.nav && mayOpen(route.access, session));
  return (
    <>
      <NotificationBell userId={session.user.id} current={location === '/notifications'} />
      <button
        type="button"
        className="nav-toggle"
        aria-expanded={open}
        aria-controls="site-nav"
        onClick={() => setOpenedAt(open ? null : location)}
      >
        Menu
      </button>
      <nav id="site-nav" aria-label="Main" className={open ? 'site-nav site-nav-open' : 'site-nav'}>
        <ul>
          {items.map((route) => (
            <li key={route.path}>
              <NavLink href={route.path} current={location}>
                {route.nav}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
    </>
  );
}

function NavLink({ href, current, children }: { href: string; current: string; children: ReactNode }) {
  return (
    <Link href={href} aria-current={current === href ? 'page' : undefined}>
      {children}
    </Link>
  );
}
