// Standard output for the command line, shared by one roster and the batch.

/**
 * Output to stdout in chunks of about 1 MB: a million-row roster can have millions of issues, and
 * neither its whole JSON text nor an object per issue fits in memory at once.
 */
export class Out {
  private parts: string[] = [];
  private size = 0;
  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size > 1 << 19) this.flush();
  }
  flush(): void {
    if (this.parts.length === 0) return;
    process.stdout.write(this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}
