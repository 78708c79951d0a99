// Cookie names and parsing shared by Remix routes, socket.io and the Yjs endpoint.
// With TLS the __Host- prefix pins cookies to our host and path (no subdomain can set them).

export function sessionCookieName(isSecure: boolean) {
  return isSecure ? "__Host-sid" : "sid";
}
export function csrfCookieName(isSecure: boolean) {
  return isSecure ? "__Host-csrf" : "csrf";
}
export const LOCALE_COOKIE = "lang";

export function parseCookieHeader(header: string | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    if (!name || name in out) continue;
    try {
      out[name] = decodeURIComponent(raw);
    } catch {
      out[name] = raw;
    }
  }
  return out;
}

export function serializeCookie(
  name: string,
  value: string,
  options: { maxAgeSeconds?: number; isSecure: boolean; httpOnly?: boolean },
): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, "Path=/", "SameSite=Lax"];
  if (options.httpOnly !== false) parts.push("HttpOnly");
  if (options.isSecure) parts.push("Secure");
  if (options.maxAgeSeconds !== undefined) parts.push(`Max-Age=${options.maxAgeSeconds}`);
  return parts.join("; ");
}
