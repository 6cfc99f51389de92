import { describe, expect, it } from 'vitest'
import { parseSchemaTree } from './schema-tree.js'

const schema = JSON.stringify({
  type: 'record',
  name: 'LeadThing',
  namespace: 'io.leadflow.events',
  fields: [],
})

describe('parseSchemaTree', () => {
  it('pairs each current schema with its history, oldest first', () => {
    const v2 = JSON.stringify({ ...(JSON.parse(schema) as object), doc: 'second' })
    const tree = parseSchemaTree(
      new Map([
        ['lead-thing.v1.avsc', v2],
        ['history/lead-thing.v1/0002.avsc', v2],
        ['history/lead-thing.v1/0001.avsc', schema],
        ['README.md', '# not a schema'],
      ]),
    )
    expect(tree.problems).toEqual([])
    expect(tree.subjects).toEqual([
      {
        name: 'lead-thing.v1',
        current: JSON.parse(v2) as unknown,
        history: [JSON.parse(schema), JSON.parse(v2)],
      },
    ])
  })

  it.each([
    {
      layout: 'a schema without history',
      files: [['lead-thing.v1.avsc', schema]],
      problem: /no history: copy lead-thing\.v1\.avsc to history\/lead-thing\.v1\/0001\.avsc/,
    },
    {
      layout: 'history without a current schema',
      files: [['history/lead-thing.v1/0001.avsc', schema]],
      problem: /history exists but lead-thing\.v1\.avsc does not/,
    },
    {
      layout: 'a gap in the history numbers',
      files: [
        ['lead-thing.v1.avsc', schema],
        ['history/lead-thing.v1/0001.avsc', schema],
        ['history/lead-thing.v1/0003.avsc', schema],
      ],
      problem: /consecutive from 0001, found 0001\.avsc, 0003\.avsc/,
    },
    {
      layout: 'a badly named history file',
      files: [
        ['lead-thing.v1.avsc', schema],
        ['history/lead-thing.v1/0001.avsc', schema],
        ['history/lead-thing.v1/v2.avsc', schema],
      ],
      problem: /history files are named 0001\.avsc/,
    },
    {
      layout: 'a schema that is not JSON',
      files: [
        ['lead-thing.v1.avsc', '{ "type": '],
        ['history/lead-thing.v1/0001.avsc', schema],
      ],
      problem: /lead-thing\.v1\.avsc is not valid JSON/,
    },
    {
      layout: 'a subject without a major version',
      files: [
        ['lead-thing.avsc', schema],
        ['history/lead-thing/0001.avsc', schema],
      ],
      problem: /\.v<major>/,
    },
  ])('reports $layout', ({ files, problem }) => {
    const tree = parseSchemaTree(new Map(files as [string, string][]))
    expect(tree.subjects).toEqual([])
    expect(tree.problems.map((p) => p.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(problem)]),
    )
  })
})
