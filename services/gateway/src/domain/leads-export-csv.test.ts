import { describe, expect, it } from 'vitest'
import { csvCell, csvLine, leadCsvHeader, leadCsvLine } from './leads-export-csv.js'

describe('CSV cells are quoted correctly and never run as spreadsheet formulas', () => {
  it.each([
    ['plain text', 'Priya Patel', 'Priya Patel'],
    ['empty for null', null, ''],
    ['a comma is quoted', 'Patel, Priya', '"Patel, Priya"'],
    ['quotes are doubled', 'Say "hi"', '"Say ""hi"""'],
    ['a newline is quoted', 'line1\nline2', '"line1\nline2"'],
    ['= formula is neutralised', '=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+ is neutralised', '+1 555', "'+1 555"],
    ['- is neutralised', '-2+3', "'-2+3"],
    ['@ is neutralised', '@SUM(A1)', "'@SUM(A1)"],
    ['a leading tab is neutralised', '\tcmd', "'\tcmd"],
    ['a leading CR is neutralised and quoted', '\rcmd', `"'\rcmd"`],
    ['a formula character inside is harmless', 'a=b', 'a=b'],
  ])('%s', (_name, value, expected) => {
    expect(csvCell(value)).toBe(expected)
  })

  it('E.164 phones keep their plus sign behind the guard', () => {
    expect(leadCsvLine({ id: 'l1', phoneE164: '+447911123456' })).toContain(",'+447911123456,")
  })

  it('lines end with CRLF and the header names the public lead fields', () => {
    expect(csvLine(['a', 'b'])).toBe('a,b\r\n')
    expect(leadCsvHeader.startsWith('id,status,source,name,email,phoneE164,')).toBe(true)
  })
})
