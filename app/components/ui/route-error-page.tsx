// The error page of a route whose loader throws a DomainError as { messageKey } (404, 403, 409,
// see app/lib/cases-http.server.ts): the loader's own message, else a general text.
import { Link, isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { translateDynamic, useLocale, useT } from "~/i18n";

export function RouteErrorPage({ back }: { back: { to: string; label: string } }) {
  const error = useRouteError();
  const t = useT();
  const locale = useLocale();
  let message = t("error.unexpected");
  if (isRouteErrorResponse(error)) {
    const data = error.data as { messageKey?: unknown } | null;
    if (data && typeof data === "object" && typeof data.messageKey === "string") {
      message = translateDynamic(locale, data.messageKey);
    } else if (error.status === 404) {
      message = t("error.notFound");
    } else if (error.status === 403) {
      message = t("error.forbidden");
    }
  }
  return (
    <section className="card" aria-labelledby="error-title">
      <h1 id="error-title">{t("error.title")}</h1>
      <p>{message}</p>
      <p>
        <Link to={back.to}>{back.label}</Link>
      </p>
    </section>
  );
}
