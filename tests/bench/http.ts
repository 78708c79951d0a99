// HTTP figures: sign-in (GET /login for the CSRF token, then the timed POST /login, which
// verifies the scrypt hash and creates a session) and the signed-in home page.
import { summarize, type Summary } from "./stats.ts";

function cookiesFrom(response: Response): string[] {
  return response.headers.getSetCookie().map((line) => line.split(";")[0] as string);
}

/** `count` sequential sign-ins; only the POST is timed. */
export async function measureSignIn(baseUrl: string, credentials: { email: string; password: string }, count: number): Promise<Summary> {
  const samples: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const page = await fetch(`${baseUrl}/login`);
    const html = await page.text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (!csrf) throw new Error(`no CSRF token on the sign-in page (status ${page.status})`);
    const started = performance.now();
    const response = await fetch(`${baseUrl}/login`, {
      method: "POST",
      redirect: "manual",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        cookie: cookiesFrom(page).join("; "),
        origin: baseUrl,
      },
      body: new URLSearchParams({ _csrf: csrf, email: credentials.email, password: credentials.password, next: "/" }),
    });
    await response.arrayBuffer();
    samples.push(performance.now() - started);
    if (response.status !== 302 || !cookiesFrom(response).some((c) => c.startsWith("sid="))) {
      throw new Error(`sign-in failed with status ${response.status}`);
    }
  }
  return summarize(samples);
}

/** `count` GET / with a session cookie, `concurrency` in flight; each timed to the last byte. */
export async function measureHomePage(
  baseUrl: string,
  cookie: string,
  { count, concurrency }: { count: number; concurrency: number },
): Promise<{ summary: Summary; requestsPerSecond: number }> {
  const samples: number[] = [];
  let issued = 0;
  const started = performance.now();
  const worker = async () => {
    while (issued < count) {
      issued += 1;
      const t0 = performance.now();
      const response = await fetch(`${baseUrl}/`, { headers: { cookie }, redirect: "manual" });
      const body = await response.text();
      samples.push(performance.now() - t0);
      if (response.status !== 200 || !body.includes("<html")) throw new Error(`GET / answered ${response.status}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = performance.now() - started;
  return { summary: summarize(samples), requestsPerSecond: (samples.length / elapsed) * 1000 };
}
