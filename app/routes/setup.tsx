import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useT } from "~/i18n";
import { loadSetupPage } from "~/lib/setup.server";

export const meta: MetaFunction = () => [{ name: "robots", content: "noindex" }];

export async function loader(args: LoaderFunctionArgs) {
  return loadSetupPage(args);
}

export default function SetupPage() {
  const t = useT();
  return (
    <section className="card card--narrow" aria-labelledby="setup-title">
      <h1 id="setup-title">{t("setup.title")}</h1>
      <p>{t("setup.intro")}</p>
      <p>{t("setup.whereLink")}</p>
      <p>{t("setup.newLink")}</p>
    </section>
  );
}
