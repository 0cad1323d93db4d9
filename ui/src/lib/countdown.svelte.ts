// Counts down to a deadline rather than ticking a counter, so a busy or suspended window
// never makes the wait look longer than it really is.

export class Countdown {
  remaining = $state(0);
  #deadline = 0;
  #timer: ReturnType<typeof setInterval> | undefined;

  get running(): boolean {
    return this.remaining > 0;
  }

  start(seconds: number): void {
    this.stop();
    if (!(seconds > 0)) return;
    this.#deadline = Date.now() + seconds * 1000;
    this.#tick();
    this.#timer = setInterval(() => this.#tick(), 1000);
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    this.remaining = 0;
  }

  #tick(): void {
    const left = Math.ceil((this.#deadline - Date.now()) / 1000);
    if (left <= 0) {
      this.stop();
    } else {
      this.remaining = left;
    }
  }
}

/** Seconds named in a "try again in N seconds" message, for when the status does not say. */
export function secondsFromMessage(message: string): number | null {
  const match = /(\d+)\s*second/i.exec(message);
  return match ? Number(match[1]) : null;
}
