import type { Database, Statement } from "bun:sqlite";

/** The editable source of one prompt of a service (G3, G4, M6): TTS text or an uploaded file. */
export interface PromptText {
  prompt: string;
  source: "tts" | "upload";
  /** TTS text, at most 200 characters. */
  text: string;
  /** Stored file name (inside the data directory's prompts folder) for uploads. */
  file?: string;
  updatedAt: number;
}

interface Row {
  prompt: string;
  source: "tts" | "upload";
  text: string;
  file: string | null;
  updated_at: number;
}

const toPrompt = (r: Row): PromptText => ({
  prompt: r.prompt,
  source: r.source,
  text: r.text,
  file: r.file ?? undefined,
  updatedAt: r.updated_at,
});

/** Prompt texts and uploads per service. */
export class PromptTextRepo {
  private readonly listStmt: Statement<Row, [string]>;
  private readonly putStmt: Statement;

  constructor(db: Database) {
    this.listStmt = db.prepare("SELECT prompt, source, text, file, updated_at FROM prompt_texts WHERE service_id = ?");
    this.putStmt = db.prepare(
      `INSERT INTO prompt_texts (service_id, prompt, source, text, file, updated_at)
       VALUES ($serviceId, $prompt, $source, $text, $file, $now)
       ON CONFLICT (service_id, prompt) DO UPDATE SET source = excluded.source, text = excluded.text,
         file = excluded.file, updated_at = excluded.updated_at`,
    );
  }

  list(serviceId: string): PromptText[] {
    return this.listStmt.all(serviceId).map(toPrompt);
  }

  get(serviceId: string, prompt: string): PromptText | undefined {
    return this.list(serviceId).find((p) => p.prompt === prompt);
  }

  put(serviceId: string, p: Omit<PromptText, "updatedAt">, now = Date.now()): void {
    this.putStmt.run({ serviceId, prompt: p.prompt, source: p.source, text: p.text, file: p.file ?? null, now });
  }
}
