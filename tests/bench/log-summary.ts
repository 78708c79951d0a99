// Counts the server's JSON log lines by phase, level and message, so that the bench can say
// what the server complained about (an error under honest load, a limit that tripped, how the
// hostile connections were closed) without printing thousands of lines.

const LEVEL_NAMES: Record<number, string> = { 10: "trace", 20: "debug", 30: "info", 40: "warn", 50: "error", 60: "fatal" };

type LogLine = { level?: number; msg?: string; event?: string; code?: number | string; reason?: string; status?: number };

export class LogSummary {
  private phase = "start-up";
  private readonly counts = new Map<string, Map<string, number>>();
  private readonly lastLines: string[] = [];
  private errorCount = 0;

  setPhase(phase: string): void {
    this.phase = phase;
  }

  add(line: string): void {
    this.lastLines.push(line);
    if (this.lastLines.length > 40) this.lastLines.shift();
    let parsed: LogLine;
    try {
      parsed = JSON.parse(line) as LogLine;
    } catch {
      this.count(`stderr/stdout: ${line.slice(0, 160)}`);
      return;
    }
    const level = parsed.level ?? 30;
    if (level >= 50) this.errorCount += 1;
    if (parsed.event === "http.request") {
      // One line per request: only the unexpected statuses are interesting.
      if (parsed.status !== undefined && parsed.status >= 400) this.count(`info  http.request status ${parsed.status}`);
      return;
    }
    const details = [
      parsed.code !== undefined ? `code ${String(parsed.code)}` : "",
      parsed.reason ? `reason "${parsed.reason}"` : "",
      parsed.status !== undefined ? `status ${parsed.status}` : "",
    ]
      .filter(Boolean)
      .join(", ");
    this.count(`${(LEVEL_NAMES[level] ?? String(level)).padEnd(5)} ${parsed.msg ?? parsed.event ?? "(no message)"}${details ? ` (${details})` : ""}`);
  }

  get errors(): number {
    return this.errorCount;
  }

  tail(): string[] {
    return [...this.lastLines];
  }

  format(): string {
    const out: string[] = [];
    for (const [phase, counts] of this.counts) {
      out.push(`  ${phase}:`);
      for (const [key, count] of [...counts].sort((a, b) => b[1] - a[1])) out.push(`    ${String(count).padStart(6)} × ${key}`);
    }
    return out.join("\n");
  }

  private count(key: string): void {
    let phase = this.counts.get(this.phase);
    if (!phase) {
      phase = new Map();
      this.counts.set(this.phase, phase);
    }
    phase.set(key, (phase.get(key) ?? 0) + 1);
  }
}
