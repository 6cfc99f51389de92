import { describe, expect, it } from 'vitest'
import { runApiFuzz, type FuzzResult } from '../fuzz/api-fuzz.js'

// The short, seeded form of `./leadflow fuzz`: the same driver (six real services, the admin's
// token, raw hostile bodies, schemathesis over every operation of /api/openapi.json) with a
// modest number of examples per operation.
const examples = Number(process.env.API_FUZZ_EXAMPLES ?? '25')
const seed = Number(process.env.API_FUZZ_SEED ?? '20261123')

describe('the gateway API under schema-driven fuzzing', () => {
  it(
    'answers every generated and hostile request without a 5xx, errors as problem+json, bodies as documented',
    async () => {
      const lines: string[] = []
      let result: FuzzResult | undefined
      try {
        result = await runApiFuzz({ examples, seed, workers: 2, log: (line) => lines.push(line) })
      } catch (error) {
        // schemathesis' console report, shown when the run itself broke.
        process.stdout.write(`${lines.join('\n')}\n`)
        throw error
      }
      // On findings the report is printed too; a clean run prints just its one-line summary.
      if (result.findings.length > 0 || result.schemathesisExit !== 0) {
        process.stdout.write(`${lines.join('\n')}\n`)
      }
      process.stdout.write(
        `api fuzz: ${result.generated} schemathesis test cases + ${result.raw} raw requests ` +
          `in ${(result.wallMs / 1000).toFixed(0)} s (seed ${seed}, ${examples} examples)\n`,
      )
      expect(result.findings, result.report).toEqual([])
      expect(result.schemathesisExit).toBe(0)
      // A run that generated next to nothing would prove nothing.
      expect(result.generated).toBeGreaterThan(1000)
      expect(result.raw).toBeGreaterThan(100)
    },
    15 * 60_000,
  )
})
