import type { Database, Statement } from "bun:sqlite";

/**
 * The price table of the charges (O2), whole won per unit: `licence` (an agent a month),
 * `feature:<name>` (a month), `desk-phone` (a phone a day), `base:<type>` (a service a month).
 */
export type PriceTable = Record<string, number>;

/** Repository of the price table the organization admin edits (O2). */
export class PriceRepo {
  private readonly listStmt: Statement<{ item: string; amount: number }, []>;
  private readonly putStmt: Statement;

  constructor(db: Database) {
    this.listStmt = db.prepare("SELECT item, amount FROM prices ORDER BY item");
    this.putStmt = db.prepare(
      "INSERT INTO prices (item, amount) VALUES ($item, $amount) ON CONFLICT (item) DO UPDATE SET amount = excluded.amount",
    );
  }

  table(): PriceTable {
    return Object.fromEntries(this.listStmt.all().map((r) => [r.item, r.amount]));
  }

  set(item: string, amount: number): void {
    this.putStmt.run({ item, amount });
  }
}
