/** A typed event (werift style): lower layers notify upper ones without importing them. */
export class Event<T extends unknown[]> {
  private readonly listeners = new Set<(...args: T) => void>();

  /** Subscribe; returns the function that unsubscribes. */
  subscribe(listener: (...args: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  execute(...args: T): void {
    for (const listener of this.listeners) listener(...args);
  }

  get size(): number {
    return this.listeners.size;
  }
}
