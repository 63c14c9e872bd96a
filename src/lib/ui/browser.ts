// Small browser helpers shared by the workspace and the batch.

/** Save bytes as a file the browser downloads (nothing leaves the computer). */
export function download(name: string, bytes: ArrayBuffer, mime: string): void {
  const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Lets the page paint and take a click before going on. */
export const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
