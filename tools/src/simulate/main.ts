import { configureProviders } from './configure.js'
import { parseOptions, usage } from './options.js'
import { createProgressWriter, formatSummary } from './reporter.js'
import { simulate } from './run.js'

// `./leadflow simulate [options]`: signed provider traffic against a running Leadflow.
async function main(argv: string[]): Promise<number> {
  let options
  try {
    options = parseOptions(argv)
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n\n${usage}`)
    return 2
  }
  if (options === 'help') {
    process.stdout.write(usage)
    return 0
  }
  if (options.configure) {
    await configureProviders(options)
    process.stdout.write(
      `provider settings stored in ${options.ingestUrl} (source "${options.inboundSource}")\n`,
    )
  }
  const plan = options.count !== undefined ? `${options.count} deliveries` : `${options.durationSec} s`
  process.stdout.write(
    `simulating ${plan} at ${options.rate}/s to ${options.ingestUrl} (seed ${options.seed})\n`,
  )
  const progress = createProgressWriter(process.stdout)
  const summary = await simulate(options, (p) => progress.update(p))
  progress.done()
  process.stdout.write(`${formatSummary(summary)}\n`)
  return summary.accepted + summary.duplicate + summary.mailed > 0 ? 0 : 1
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    process.stderr.write(`simulate failed: ${err instanceof Error ? err.message : String(err)}\n`)
    process.exitCode = 1
  },
)
