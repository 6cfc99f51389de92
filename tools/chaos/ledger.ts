/** What the sender knows of one event: acknowledged once any delivery got a 2xx, else unknown. */
export interface LedgerEntry {
  id: string
  phone: string
  acked: boolean
  /** HTTP requests made for it (deliveries and their retries). */
  requests: number
  /** Requests whose outcome was unknown (failed, timed out, 5xx, 429) and were retried. */
  unknownOutcomes: number
}

export interface Ledger {
  entries: Map<string, LedgerEntry>
  /** Requests refused with a 4xx other than 429: the campaign's own mistake, never retried. */
  refused: string[]
  open(id: string, phone: string): LedgerEntry
}

export function createLedger(): Ledger {
  const entries = new Map<string, LedgerEntry>()
  return {
    entries,
    refused: [],
    open(id, phone) {
      let entry = entries.get(id)
      if (!entry) {
        entry = { id, phone, acked: false, requests: 0, unknownOutcomes: 0 }
        entries.set(id, entry)
      }
      return entry
    },
  }
}
