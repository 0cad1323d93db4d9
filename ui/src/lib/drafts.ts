// Everything that holds typed text not yet saved registers a flush here, so locking the vault
// or closing the window can save it first. A flush must settle (resolve or reject) promptly:
// a failed save keeps its text on screen with the reason, and locking goes ahead regardless.

export type Flush = () => Promise<void>;

const flushers = new Set<Flush>();

/** Registers a flush; returns the function that removes it (call it when unmounting). */
export function registerFlush(flush: Flush): () => void {
  flushers.add(flush);
  return () => {
    flushers.delete(flush);
  };
}

/** Runs every registered flush and waits for all of them to settle. */
export async function flushAll(): Promise<void> {
  await Promise.allSettled([...flushers].map((flush) => flush()));
}

/** How many flushes are registered (for tests). */
export function registeredFlushes(): number {
  return flushers.size;
}
