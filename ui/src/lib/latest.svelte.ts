// One answer from the core that a screen shows, loaded again on request (a retry, a changed
// filter). A new load can overlap a slow earlier one; only the latest answer is kept.
import { normaliseError } from './api';

export class Latest<T> {
  value = $state<T | null>(null);
  loading = $state(true);
  error = $state<string | null>(null);
  #attempt = 0;

  async load(fetch: () => Promise<T>): Promise<void> {
    const mine = ++this.#attempt;
    this.loading = true;
    this.error = null;
    try {
      const loaded = await fetch();
      if (mine === this.#attempt) this.value = loaded;
    } catch (e) {
      if (mine === this.#attempt) this.error = normaliseError(e).message;
    } finally {
      if (mine === this.#attempt) this.loading = false;
    }
  }
}
