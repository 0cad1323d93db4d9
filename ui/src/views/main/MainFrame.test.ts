import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// Stand-ins for the Tauri bridge, created before the modules that use them are loaded.
const { invoke } = vi.hoisted(() => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import { app } from '../../lib/state.svelte';
import { sampleSummaries } from '../../test/fixtures/record';
import { pendingRestore } from '../../test/fixtures/restore';
import { emptyToday } from '../../test/fixtures/today';
import { resetApp, routeInvoke, settings, status } from '../../test/ipc';
import MainFrame from './MainFrame.svelte';

const invokeMock = vi.mocked(invoke);

function searchBox() {
  return screen.getByLabelText('Search the record');
}

beforeEach(() => {
  invokeMock.mockReset();
  resetApp(app);
  app.setStatus(status({ state: 'unlocked' }));
  routeInvoke(invokeMock, {
    today: () => emptyToday(),
    list_clients: () => sampleSummaries(),
    search: () => ({ hits: [], more: false }),
    pending_restore: () => null,
    get_settings: () => settings(),
  });
});

describe('main frame: search shortcut', () => {
  it('shows Search and puts the caret in its box from another section', async () => {
    render(MainFrame);
    await screen.findByRole('region', { name: 'Appointments' });
    await fireEvent.keyDown(window, { key: 'k', ctrlKey: true });
    expect(app.view).toBe('search');
    await waitFor(() => expect(searchBox()).toHaveFocus());
  });

  it('works while typing in a field, and again once Search is shown', async () => {
    app.view = 'settings';
    render(MainFrame);
    const minutes = await screen.findByLabelText('Lock after this many minutes without activity');
    minutes.focus();
    const event = await fireEvent.keyDown(minutes, { key: 'K', metaKey: true });
    expect(event).toBe(false); // the key press does nothing else
    await waitFor(() => expect(searchBox()).toHaveFocus());

    const client = screen.getByLabelText('Client');
    client.focus();
    await fireEvent.keyDown(client, { key: 'k', ctrlKey: true });
    await waitFor(() => expect(searchBox()).toHaveFocus());
    expect(app.view).toBe('search');
  });

  it('leaves other Ctrl combinations alone', async () => {
    render(MainFrame);
    await screen.findByRole('region', { name: 'Appointments' });
    await fireEvent.keyDown(window, { key: 'k', ctrlKey: true, shiftKey: true });
    await fireEvent.keyDown(window, { key: 'j', ctrlKey: true });
    expect(app.view).toBe('today');
  });

  it('shows the shortcut in the navigation and on the Search button', () => {
    render(MainFrame);
    const nav = screen.getByRole('navigation', { name: 'Sections' });
    expect(nav).toHaveTextContent('Ctrl+K search');
    expect(screen.getByRole('button', { name: 'Search' })).toHaveAttribute(
      'aria-keyshortcuts',
      'Alt+3 Control+K',
    );
    expect(screen.getByRole('button', { name: 'Clients' })).toHaveAttribute(
      'aria-keyshortcuts',
      'Alt+2',
    );
  });
});

describe('main frame: a restore waiting for a decision', () => {
  it('shows the restore banner at the top, before the recovery key warning', async () => {
    app.setStatus(status({ state: 'unlocked', recovery_key_confirmed: false }));
    routeInvoke(invokeMock, {
      today: () => emptyToday(),
      pending_restore: () => pendingRestore(),
    });
    render(MainFrame);
    const restored = await screen.findByText(/This vault was restored from the backup made on/);
    const warning = screen.getByText(/recovery key was never confirmed/);
    expect(restored.compareDocumentPosition(warning) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Keep the restored vault' })).toBeInTheDocument();
  });

  it('shows no restore banner when there is nothing to decide', async () => {
    render(MainFrame);
    await screen.findByRole('region', { name: 'Appointments' });
    expect(invokeMock).toHaveBeenCalledWith('pending_restore', undefined);
    expect(screen.queryByText(/was restored/)).toBeNull();
  });
});
