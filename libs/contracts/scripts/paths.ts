import { join } from 'node:path'

/** This package's directory (libs/contracts). */
export const packageRoot = join(import.meta.dirname, '..')

/** Where the `.avsc` files live and where the generated modules go, under a package directory. */
export function packagePaths(root: string) {
  return {
    schemas: join(root, 'schemas'),
    generatedSchemas: join(root, 'src', 'generated', 'schemas.ts'),
    generatedTypes: join(root, 'src', 'generated', 'types.ts'),
  } as const
}
