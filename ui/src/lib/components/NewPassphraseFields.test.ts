import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

// Stand-in for the Tauri bridge, created before the modules that use it are loaded.
const { invoke } = vi.hoisted(() => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import { loadRater } from '../passphrase';
import NewPassphraseFields from './NewPassphraseFields.svelte';

const invokeMock = vi.mocked(invoke);
const STRONG = 'copper lantern orchard violet';
const fetchSpy = vi.fn();

beforeAll(async () => {
  await loadRater();
}, 30_000);

beforeEach(() => {
  invokeMock.mockReset();
  fetchSpy.mockReset();
  vi.stubGlobal('fetch', fetchSpy);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

function show() {
  return render(NewPassphraseFields, {
    idPrefix: 'test',
    label: 'New passphrase',
    confirmLabel: 'Confirm new passphrase',
  });
}

async function type(label: string, value: string) {
  await fireEvent.input(screen.getByLabelText(label), { target: { value } });
}

describe('new passphrase fields', () => {
  it('rate the passphrase in the window and send it nowhere while it is typed', async () => {
    show();
    for (const typed of ['c', 'copper', 'copper lantern', 'copper lantern orchard', STRONG]) {
      await type('New passphrase', typed);
    }
    await type('Confirm new passphrase', STRONG);
    expect(await screen.findByText('Very strong')).toBeInTheDocument();
    expect(screen.getByText(/You can use this passphrase/)).toBeInTheDocument();
    expect(invokeMock).not.toHaveBeenCalled();
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('show the problem as the meter’s text, linked to the field', async () => {
    show();
    await type('New passphrase', 'sunflowerbutterfly1');
    const problem = await screen.findByText(
      'Make it longer (20 characters or more) or harder to guess.',
    );
    const meter = screen.getByRole('meter', { name: 'Passphrase strength' });
    expect(meter).toHaveAttribute('aria-valuenow', '3');
    expect(meter).toHaveAttribute('aria-valuetext', 'Good');
    const description = screen.getByLabelText('New passphrase').getAttribute('aria-describedby');
    expect(description).toContain('test-strength');
    expect(document.getElementById('test-strength')).toContainElement(problem);

    await type('New passphrase', 'sunflowerbutterfly12');
    await waitFor(() =>
      expect(screen.queryByText(/Make it longer/)).toBeNull(),
    );
    expect(screen.getByText(/You can use this passphrase/)).toBeInTheDocument();
    expect(invokeMock).not.toHaveBeenCalled();
  });

  it('say what the rule is before anything is typed', () => {
    show();
    expect(screen.getByText(/Use at least 10 characters; 20 or/)).toBeInTheDocument();
    const meter = screen.getByRole('meter', { name: 'Passphrase strength' });
    expect(meter).toHaveAttribute('aria-valuetext', 'Not rated yet');
  });
});
