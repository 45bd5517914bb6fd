import { BACKUP_NAME_RE } from "../cc/index.ts";

/** Where off-box copies go (CC_S3_*): any S3-compatible store, through Bun's built-in S3 client. */
export interface S3Settings {
  endpoint: string;
  bucket: string;
  region?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Key prefix, empty or ending in "/". */
  prefix: string;
}

/**
 * Backups copied to an S3-compatible bucket under `<prefix>backups/` and pruned there like on disk
 * (X5). The archive already holds the recordings and prompts, so one copy carries everything.
 */
export class S3Target {
  private readonly client: Bun.S3Client;

  constructor(private readonly s: S3Settings) {
    this.client = new Bun.S3Client({ endpoint: s.endpoint, bucket: s.bucket, region: s.region, accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey });
  }

  /** `s3://bucket/prefix` for the pages and logs (no secrets). */
  describe(): string {
    return `s3://${this.s.bucket}/${this.s.prefix}backups/`;
  }

  private key(name: string): string {
    return `${this.s.prefix}backups/${name}`;
  }

  /** Upload one archive (Bun streams a large file in parts). */
  async upload(path: string, name: string): Promise<void> {
    await this.client.write(this.key(name), Bun.file(path));
  }

  /** The backups in the bucket, newest first. */
  async list(): Promise<{ name: string; bytes: number }[]> {
    const out: { name: string; bytes: number }[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.list({ prefix: this.key(""), continuationToken: token });
      for (const o of page.contents ?? []) {
        const name = o.key.slice(this.key("").length);
        if (BACKUP_NAME_RE.test(name)) out.push({ name, bytes: o.size ?? 0 });
      }
      token = page.isTruncated ? page.nextContinuationToken : undefined;
    } while (token);
    return out.sort((a, b) => (a.name < b.name ? 1 : -1));
  }

  /** Keep the newest `keep` backups in the bucket; returns the names removed. */
  async prune(keep: number): Promise<string[]> {
    const old = (await this.list()).slice(keep).map((o) => o.name);
    for (const name of old) await this.client.delete(this.key(name));
    return old;
  }

  /** Fetch an archive back (restore from the bucket). */
  async download(name: string, to: string): Promise<void> {
    await Bun.write(to, this.client.file(this.key(name)));
  }
}
