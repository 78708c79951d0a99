// Percentiles, the figures the bench reports, and the printed table.

export type Summary = { count: number; p50: number; p95: number; p99: number; max: number };

/** Nearest-rank percentile of an ascending array (NaN when empty). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

/** A target from issue 5: the figure must be at most `max`. */
export type Target = { max: number; label: string };

export type Figure = { name: string; value: number; unit: string; target?: Target; note?: string };

export class FigureSet {
  readonly figures: Figure[] = [];

  add(name: string, value: number, unit: string, extra: { target?: Target; note?: string } = {}): void {
    this.figures.push({ name, value: round(value), unit, ...extra });
  }

  /** Adds name.p50 / .p95 / .p99 (and the sample count) of a latency summary in ms. */
  addLatency(name: string, summary: Summary, targetP95?: Target): void {
    this.add(`${name}.p50`, summary.p50, "ms");
    this.add(`${name}.p95`, summary.p95, "ms", { target: targetP95 });
    this.add(`${name}.p99`, summary.p99, "ms");
    this.add(`${name}.samples`, summary.count, "count");
  }

  /** `bench-results.json`: figure name → { value, unit }, plus `meta`. */
  toJson(meta: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = { meta };
    for (const f of this.figures) {
      out[f.name] = { value: Number.isFinite(f.value) ? f.value : null, unit: f.unit };
    }
    return out;
  }

  formatTable(): string {
    const rows = this.figures.map((f) => {
      const verdict = f.target ? (Number.isFinite(f.value) && f.value <= f.target.max ? "PASS" : "MISS") : "";
      return [f.name, formatValue(f.value), f.unit, f.target ? `${f.target.label}` : "", verdict, f.note ?? ""];
    });
    const header = ["figure", "value", "unit", "target", "", "note"];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
    const line = (cells: string[]) =>
      cells
        .map((c, i) => (i === 1 ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number)))
        .join("  ")
        .trimEnd();
    return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
  }

  misses(): Figure[] {
    return this.figures.filter((f) => f.target && !(Number.isFinite(f.value) && f.value <= f.target.max));
  }
}

function round(value: number): number {
  if (!Number.isFinite(value)) return value;
  return Math.abs(value) >= 100 ? Math.round(value * 10) / 10 : Math.round(value * 100) / 100;
}

function formatValue(value: number): string {
  return Number.isFinite(value) ? String(value) : "n/a";
}
