import { writeFileSync } from 'node:fs'

/** One benchmark's figures, as the runner (bench/run.ts) puts them in bench/REPORT.md. */
export interface BenchResult {
  /** e.g. `P1 ingest`. */
  name: string
  /** What was measured, one sentence. */
  measured: string
  leadflow: string
  baseline: string
  /** Leadflow's figure over the baseline's (the targets are stated on this ratio). */
  ratio: number
  /** The target from the issues, as text; empty when the issue sets none. */
  target: string
  /** Whether the target is met; null when there is none. */
  met: boolean | null
  /** Further lines worth reading next to the figures. */
  notes: string[]
  /** An optional table (first row: header). */
  table?: string[][]
}

/** Writes the result as JSON to the file named by BENCH_JSON, when set (the runner sets it). */
export function writeBenchResult(result: BenchResult): void {
  const path = process.env.BENCH_JSON
  if (path) writeFileSync(path, `${JSON.stringify(result, null, 2)}\n`)
}
