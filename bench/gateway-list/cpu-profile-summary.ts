// Summarises a .cpuprofile (from BENCH_CPU_PROF) by self time, per package and per function.
//   pnpm exec tsx bench/gateway-list/cpu-profile-summary.ts <file.cpuprofile> [from-s] [to-s]
// Without a window it prints the busy milliseconds of each second of the profile, to find the
// measured run; with one (seconds since the profile started) it counts only the samples in it.
import { readFileSync } from 'node:fs'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
}
interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

const [file, fromArg, toArg] = process.argv.slice(2)
if (!file) throw new Error('usage: cpu-profile-summary.ts <file.cpuprofile> [from-s] [to-s]')
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile
const nodes = new Map(profile.nodes.map((node) => [node.id, node]))
const from = fromArg === undefined ? 0 : Number(fromArg) * 1e6
const to = toArg === undefined ? Infinity : Number(toArg) * 1e6

function packageOf(url: string): string {
  const dependency = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (dependency?.[1]) return dependency[1]
  if (url.startsWith('node:')) return url.split('/')[0] ?? url
  return /\/((?:libs|services|bench)\/[^/]+)/.exec(url)?.[1] ?? (url || '(native)')
}

const byFunction = new Map<string, number>()
const byPackage = new Map<string, number>()
const busyPerSecond: number[] = []
let at = 0
let total = 0
profile.samples.forEach((id, i) => {
  const delta = profile.timeDeltas[i] ?? 0
  at += delta
  const frame = nodes.get(id)?.callFrame
  if (!frame) return
  const idle = frame.functionName === '(idle)'
  const second = Math.floor(at / 1e6)
  if (!idle) busyPerSecond[second] = (busyPerSecond[second] ?? 0) + delta
  if (at < from || at > to) return
  total += delta
  const where = frame.url
    .replace(/.*node_modules\//, '')
    .replace(/^file:\/\/.*?\/(libs|services|bench)\//, '$1/')
  const fn = `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}`
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + delta)
  const pkg = frame.url ? packageOf(frame.url) : frame.functionName
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + delta)
})

const lines = (counts: Map<string, number>, top: number) =>
  [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(
      ([key, us]) =>
        `${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / total).toFixed(1).padStart(5)} %  ${key}`,
    )

process.stdout.write(
  [
    `busy ms per second: ${Array.from(busyPerSecond, (us) => Math.round((us ?? 0) / 1000)).join(' ')}`,
    `sampled ${(total / 1e6).toFixed(2)} s`,
    '--- self time by package',
    ...lines(byPackage, 25),
    '--- self time by function',
    ...lines(byFunction, 40),
    '',
  ].join('\n'),
)
