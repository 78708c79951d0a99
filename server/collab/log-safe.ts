// Database and driver errors can quote query arguments, i.e. document content. Log only
// what identifies the failure.
export function describeError(error: unknown): { name: string; code?: string } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === "string" || typeof code === "number"
      ? { name: error.name, code: String(code) }
      : { name: error.name };
  }
  return { name: typeof error };
}
