// The core locks the vault after a quiet spell; it only knows the practitioner is still here
// if the window tells it. Reporting every mouse movement would flood the IPC channel, so
// reports are spaced out: the first event is sent at once, later ones at most once an interval.

export const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'wheel', 'pointermove'] as const;
export const ACTIVITY_INTERVAL_MS = 10_000;

export function reportActivity(
  target: EventTarget,
  report: () => Promise<unknown>,
  intervalMs: number = ACTIVITY_INTERVAL_MS,
  now: () => number = Date.now,
): () => void {
  let last = Number.NEGATIVE_INFINITY;

  const onActivity = () => {
    const t = now();
    if (t - last < intervalMs) return;
    last = t;
    // A missed report only means the vault may lock a little early, which is the safe side.
    report().catch(() => undefined);
  };

  for (const name of ACTIVITY_EVENTS) {
    target.addEventListener(name, onActivity, { passive: true, capture: true });
  }
  return () => {
    for (const name of ACTIVITY_EVENTS) {
      target.removeEventListener(name, onActivity, { capture: true });
    }
  };
}
