/** What can be subscribed to with one-argument listeners (`Event<[T]>` and `Fanout<T>` both are). */
export interface Subscribable<T> {
  subscribe(listener: (value: T) => void): () => void;
}

/**
 * A one-argument event for per-packet paths: listeners live in an array replaced on every change, so
 * `execute` is a plain indexed loop with no iterator and no argument spreading, and a listener that
 * unsubscribes during a call does not disturb the loop in progress.
 */
export class Fanout<T> implements Subscribable<T> {
  private listeners: readonly ((value: T) => void)[] = [];

  subscribe(listener: (value: T) => void): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  execute(value: T): void {
    const ls = this.listeners;
    for (let i = 0; i < ls.length; i++) ls[i]!(value);
  }

  get size(): number {
    return this.listeners.length;
  }
}
