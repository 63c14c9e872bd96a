// A question the page asks before it discards work (issue #19): shown in the page itself, not
// with window.confirm (which some browsers let the user silence for good, and which speaks the
// browser's words around ours). One question at a time; a new one answers the old one "no".
export interface Question {
  title: string;
  message: string;
  /** The button that goes ahead (and discards). */
  ok: string;
  /** The button that keeps everything as it is; it has the focus first. */
  cancel: string;
}

export class Confirmer {
  current = $state.raw<(Question & { answer: (yes: boolean) => void }) | null>(null);

  ask(q: Question): Promise<boolean> {
    this.current?.answer(false);
    return new Promise((resolve) => {
      const asked = {
        ...q,
        answer: (yes: boolean) => {
          if (this.current === asked) this.current = null;
          resolve(yes);
        },
      };
      this.current = asked;
    });
  }
}
