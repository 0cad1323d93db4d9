import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../lib/api';
import { flushAll, registeredFlushes } from '../../../lib/drafts';
import { Autosave } from './autosave.svelte';

/** A save whose answer the test gives, to see what happens while it is on its way. */
function controlledSave() {
  const answers: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  const sent: string[] = [];
  let text = '';
  const save = vi.fn(
    () =>
      new Promise<void>((resolve, reject) => {
        sent.push(text);
        answers.push({ resolve, reject });
      }),
  );
  return {
    save,
    sent,
    answers,
    type(value: string) {
      text = value;
    },
  };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('autosave', () => {
  it('waits for a pause in typing', async () => {
    const save = vi.fn(async () => {});
    const autosave = new Autosave(save);
    autosave.changed();
    await vi.advanceTimersByTimeAsync(400);
    autosave.changed();
    await vi.advanceTimersByTimeAsync(599);
    expect(save).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(save).toHaveBeenCalledTimes(1);
    expect(autosave.savedAt).not.toBeNull();
    expect(autosave.pending).toBe(false);
  });

  it('saves at least every two seconds while typing goes on', async () => {
    const save = vi.fn(async () => {});
    const autosave = new Autosave(save);
    for (let elapsed = 0; elapsed < 2000; elapsed += 200) {
      autosave.changed();
      await vi.advanceTimersByTimeAsync(200);
    }
    expect(save).toHaveBeenCalledTimes(1);
    for (let elapsed = 0; elapsed < 2000; elapsed += 200) {
      autosave.changed();
      await vi.advanceTimersByTimeAsync(200);
    }
    expect(save).toHaveBeenCalledTimes(2);
  });

  it('never runs two saves at once, and saves a change made during a save after it', async () => {
    const s = controlledSave();
    const autosave = new Autosave(s.save);
    s.type('first');
    autosave.changed();
    await vi.advanceTimersByTimeAsync(600);
    expect(s.save).toHaveBeenCalledTimes(1);
    expect(autosave.saving).toBe(true);

    s.type('first and more');
    autosave.changed();
    await vi.advanceTimersByTimeAsync(5000);
    expect(s.save).toHaveBeenCalledTimes(1);

    s.answers[0].resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(s.save).toHaveBeenCalledTimes(2);
    expect(s.sent).toEqual(['first', 'first and more']);
    s.answers[1].resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(autosave.pending).toBe(false);
  });

  it('keeps a refused save unsaved, says why, and sends it again when asked', async () => {
    const save = vi
      .fn<() => Promise<void>>()
      .mockRejectedValueOnce(new ApiError({ code: 'invalid', message: 'Too long.', field: 'narrative' }))
      .mockResolvedValue(undefined);
    const autosave = new Autosave(save);
    autosave.changed();
    await vi.advanceTimersByTimeAsync(600);
    expect(autosave.error?.message).toBe('Too long.');
    expect(autosave.error?.field).toBe('narrative');
    expect(autosave.pending).toBe(true);

    expect(await autosave.flush()).toBe(true);
    expect(save).toHaveBeenCalledTimes(2);
    expect(autosave.error).toBeNull();
  });

  it('flush saves at once and waits for a save already running', async () => {
    const s = controlledSave();
    const autosave = new Autosave(s.save);
    s.type('one');
    autosave.changed();
    await vi.advanceTimersByTimeAsync(600);
    s.type('two');
    autosave.changed();
    const flushed = autosave.flush();
    s.answers[0].resolve();
    await vi.advanceTimersByTimeAsync(0);
    s.answers[1].resolve();
    expect(await flushed).toBe(true);
    expect(s.sent).toEqual(['one', 'two']);
  });

  it('does nothing on flush when nothing changed', async () => {
    const save = vi.fn(async () => {});
    expect(await new Autosave(save).flush()).toBe(true);
    expect(save).not.toHaveBeenCalled();
  });

  it('registers for locking and closing, and flushes once more on the way out', async () => {
    const save = vi.fn(async () => {});
    const autosave = new Autosave(save);
    const before = registeredFlushes();
    const release = autosave.register();
    expect(registeredFlushes()).toBe(before + 1);
    autosave.changed();
    await flushAll();
    expect(save).toHaveBeenCalledTimes(1);

    autosave.changed();
    release();
    expect(registeredFlushes()).toBe(before);
    await vi.advanceTimersByTimeAsync(0);
    expect(save).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(5000);
    expect(save).toHaveBeenCalledTimes(2);
  });
});
