import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// Stand-ins for the Tauri bridge, created before the modules that use them are loaded.
const { invoke } = vi.hoisted(() => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import { app } from '../../lib/state.svelte';
import { ipcError, resetApp, routeInvoke, settings, status } from '../../test/ipc';
import RecoveryKeyStep from './RecoveryKeyStep.svelte';

const invokeMock = vi.mocked(invoke);
const KEY = 'ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567';

beforeEach(() => {
  invokeMock.mockReset();
  resetApp(app);
  app.setStatus(status({ state: 'unlocked', recovery_key_confirmed: false }));
  app.showRecoveryKey({ recovery_key: KEY }, 'nothing');
});

function renderStep() {
  if (!app.pendingRecoveryKey) throw new Error('no key');
  return render(RecoveryKeyStep, { pending: app.pendingRecoveryKey });
}

describe('recovery key step', () => {
  it('shows the key on screen', () => {
    const { container } = renderStep();
    expect(screen.getByRole('heading', { name: 'Your recovery key' })).toBeInTheDocument();
    expect(container.querySelector('.key')?.textContent?.replace(/\s/g, '')).toBe(KEY);
  });

  it('says where the file was saved', async () => {
    routeInvoke(invokeMock, { save_recovery_key: () => '/media/usb/Rapport recovery key.pdf' });
    renderStep();
    await fireEvent.click(screen.getByRole('button', { name: 'Save to file…' }));
    expect(await screen.findByText('/media/usb/Rapport recovery key.pdf')).toBeInTheDocument();
    expect(screen.getByText(/Saved to/)).toBeInTheDocument();
  });

  it('prints the typeset sheet through the print window, never the page itself', async () => {
    const print = vi.spyOn(window, 'print').mockImplementation(() => undefined);
    routeInvoke(invokeMock, { print_recovery_key: () => undefined });
    renderStep();
    await fireEvent.click(screen.getByRole('button', { name: 'Print…' }));
    expect(await screen.findByText('The print window is open; choose a printer there.')).toBeInTheDocument();
    expect(invokeMock).toHaveBeenCalledWith('print_recovery_key', undefined);
    expect(print).not.toHaveBeenCalled();
  });

  it('shows why the sheet could not be printed', async () => {
    routeInvoke(invokeMock, {
      print_recovery_key: () => {
        throw ipcError('locked', 'The vault is locked.');
      },
    });
    renderStep();
    await fireEvent.click(screen.getByRole('button', { name: 'Print…' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The vault is locked.');
  });

  it('continues only once storing the key is confirmed', async () => {
    routeInvoke(invokeMock, {
      confirm_recovery_key_stored: () => settings({ recovery_key_confirmed_at: '2025-11-27T08:00:00Z' }),
    });
    renderStep();
    const next = screen.getByRole('button', { name: 'Continue' });
    expect(next).toBeDisabled();
    await fireEvent.click(screen.getByLabelText('I have stored the recovery key somewhere safe'));
    expect(next).toBeEnabled();
    await fireEvent.click(next);
    await waitFor(() => expect(app.screen).toBe('main'));
    expect(app.pendingRecoveryKey).toBeNull();
    expect(app.status?.recovery_key_confirmed).toBe(true);
  });
});
