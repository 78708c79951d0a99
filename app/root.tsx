import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import {
  Form,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { CsrfField } from "~/components/ui/form";
import { LocaleContext, translate, useT } from "~/i18n";
import { LOCALES, LOCALE_NAMES, type Locale } from "~/i18n/locales";
import { loadRootData } from "~/lib/root.server";
import styles from "~/styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return loadRootData(request, context);
}

export type RootData = Awaited<ReturnType<typeof loader>>;

export function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}

function LanguageSwitch({ locale }: { locale: Locale }) {
  const t = useT();
  const location = useLocation();
  return (
    <Form method="post" action="/language" className="language-switch">
      <CsrfField />
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <label htmlFor="language-select">{t("language.label")}</label>
      <select id="language-select" name="locale" defaultValue={locale}>
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
      <button type="submit" className="button button--small">
        {t("language.change")}
      </button>
    </Form>
  );
}

function Header() {
  const data = useRootData();
  const t = useT();
  const user = data?.user;
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link to="/" className="brand">
          {t("app.name")}
        </Link>
        {user ? (
          <nav aria-label={t("nav.main")} className="site-nav">
            <Link to="/">{t("nav.home")}</Link>
            {user.kind === "STAFF" ? <Link to="/cases">{t("nav.cases")}</Link> : null}
            <Link to="/my/actions">{t("plans.nav.myActions")}</Link>
            {user.isOrgAdmin ? <Link to="/admin/users">{t("nav.users")}</Link> : null}
            <Link to="/account">{t("nav.account")}</Link>
          </nav>
        ) : null}
        <div className="site-header__tools">
          {data ? <LanguageSwitch locale={data.locale} /> : null}
          {user ? (
            <Form method="post" action="/logout" className="inline-form">
              <CsrfField />
              <span className="signed-in-as">{t("nav.signedInAs", { name: user.name })}</span>{" "}
              <button type="submit" className="button button--small button--secondary">
                {t("nav.signOut")}
              </button>
            </Form>
          ) : null}
        </div>
      </div>
    </header>
  );
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRootData();
  const locale = data?.locale ?? "et";
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{translate(locale, "app.name")}</title>
        <Meta />
        <Links />
      </head>
      <body>
        <LocaleContext.Provider value={locale}>
          <a href="#main" className="skip-link">
            {translate(locale, "nav.skipToContent")}
          </a>
          {data?.isDemoMode ? (
            <p className="demo-banner" role="note">
              {translate(locale, "app.demoBanner")}
            </p>
          ) : null}
          <Header />
          <main id="main" className="page" tabIndex={-1}>
            {children}
          </main>
        </LocaleContext.Provider>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const message =
    isRouteErrorResponse(error) && error.status === 404
      ? t("error.notFound")
      : isRouteErrorResponse(error) && error.status === 403
        ? t("error.forbidden")
        : t("error.unexpected");
  return (
    <section className="card" aria-labelledby="error-title">
      <h1 id="error-title">{t("error.title")}</h1>
      <p>{message}</p>
      <p>
        <Link to="/">{t("error.backHome")}</Link>
      </p>
    </section>
  );
}
