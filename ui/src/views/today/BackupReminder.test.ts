import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// Stand-ins for the Tauri bridge, created before the modules that use them are loaded.
const { invoke } = vi.hoisted(() => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import type { BackupOverview } from '../../lib/bindings/BackupOverview';
import { formatAgo } from '../../lib/format';
import { app } from '../../lib/state.svelte';
import {
  emptyOverview,
  hoursAgo,
  overdueOverview,
  sampleOverview,
} from '../../test/fixtures/backups';
import { ipcError, resetApp, routeInvoke, status } from '../../test/ipc';
import BackupReminder from './BackupReminder.svelte';

const invokeMock = vi.mocked(invoke);

function showReminder(overview: BackupOverview) {
  routeInvoke(invokeMock, { backup_overview: () => overview });
  return render(BackupReminder);
}

beforeEach(() => {
  invokeMock.mockReset();
  resetApp(app);
  app.setStatus(status({ state: 'unlocked' }));
});

describe('backup reminder on Today', () => {
  it('asks to set up backups when there are none, and leads to Backups', async () => {
    const { container } = showReminder(emptyOverview());
    const button = await screen.findByRole('button', { name: 'Set up backups' });
    expect(
      screen.getByText('No backups yet. Records kept only on this laptop are lost with it.'),
    ).toBeInTheDocument();
    expect(container.querySelector('.reminder.warning')).toContainElement(button);
    await fireEvent.click(button);
    expect(app.view).toBe('backups');
  });

  it('warns when the last verified backup is older than the interval', async () => {
    const overview = overdueOverview();
    overview.schedule.interval_hours = 24;
    const { container } = showReminder(overview);
    const button = await screen.findByRole('button', { name: 'Back up now…' });
    const line = container.querySelector('.reminder.warning');
    expect(line).toHaveTextContent(
      `Last verified backup ${formatAgo(overview.last_verified_at!)} — older than 24 hours.`,
    );
    expect(screen.queryByRole('button', { name: 'Set up backups' })).toBeNull();
    await fireEvent.click(button);
    expect(app.view).toBe('backups');
  });

  it('says "no verified backup yet" when folders exist but no backup passed its checks', async () => {
    const overview = sampleOverview({ backups: [], last_verified_at: null, overdue: true });
    showReminder(overview);
    expect(await screen.findByText('No verified backup yet.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Back up now…' })).toBeInTheDocument();
  });

  it('is a quiet line when the backups are up to date', async () => {
    const made = hoursAgo(3);
    const { container } = showReminder(sampleOverview({ last_verified_at: made }));
    const line = await screen.findByText(`Last verified backup ${formatAgo(made)}`);
    expect(line).toHaveClass('muted');
    expect(container.querySelector('.warning')).toBeNull();
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('says how many backups made without the passphrase are not yet verified', async () => {
    showReminder(sampleOverview({ unverified: 2 }));
    expect(
      await screen.findByText('2 backups made without the passphrase are not yet verified with the key.'),
    ).toBeInTheDocument();
  });

  it('shows nothing when the overview cannot be read', async () => {
    routeInvoke(invokeMock, {
      backup_overview: () => {
        throw ipcError('locked', 'The vault is locked.');
      },
    });
    const { container } = render(BackupReminder);
    await vi.waitFor(() => expect(invokeMock).toHaveBeenCalledWith('backup_overview', undefined));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(container.textContent?.trim()).toBe('');
  });
});
