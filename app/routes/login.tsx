import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CsrfField, FormErrorSummary, SubmitButton, TextField } from "~/components/ui/form";
import { useT } from "~/i18n";
import { signInAction, signInLoader } from "~/lib/auth-routes.server";

export const meta: MetaFunction = () => [{ name: "robots", content: "noindex" }];

export async function loader(args: LoaderFunctionArgs) {
  return signInLoader(args);
}

export async function action(args: ActionFunctionArgs) {
  return signInAction(args);
}

export default function LoginPage() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <section className="card card--narrow" aria-labelledby="login-title">
      <h1 id="login-title">{t("auth.signInTitle")}</h1>
      {params.get("signedOut") ? <p role="status">{t("auth.signedOut")}</p> : null}
      {data.demo ? (
        <p className="alert alert--info">{t("auth.demoHint", { email: data.demo.email, password: data.demo.password })}</p>
      ) : null}
      <Form method="post" noValidate>
        <CsrfField />
        <input type="hidden" name="next" value={params.get("next") ?? "/"} />
        <FormErrorSummary data={actionData} />
        <TextField name="email" type="email" autoComplete="username" label={t("auth.email")} required data={actionData} />
        <TextField
          name="password"
          type="password"
          autoComplete="current-password"
          label={t("auth.password")}
          required
          data={actionData}
        />
        <SubmitButton>{t("auth.signIn")}</SubmitButton>
      </Form>
    </section>
  );
}

