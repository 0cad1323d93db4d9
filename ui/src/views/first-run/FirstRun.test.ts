import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// Stand-ins for the Tauri bridge, created before the modules that use them are loaded.
const { invoke } = vi.hoisted(() => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import { app } from '../../lib/state.svelte';
import { resetApp, routeInvoke, status } from '../../test/ipc';
import FirstRun from './FirstRun.svelte';

const invokeMock = vi.mocked(invoke);
const STRONG = 'lantern orchard velvet compass';

// Long enough counts as strong here; the real rating comes from the core.
function assess({ passphrase }: Record<string, unknown>) {
  const strong = String(passphrase).length >= 20;
  return {
    score: strong ? 4 : 1,
    acceptable: strong,
    problem: strong ? null : 'Too short.',
    suggestions: strong ? [] : ['Add another word or two.'],
  };
}

async function type(label: string, value: string) {
  await fireEvent.input(screen.getByLabelText(label), { target: { value } });
}

beforeEach(() => {
  invokeMock.mockReset();
  resetApp(app);
  app.setStatus(status({ state: 'none' }));
  routeInvoke(invokeMock, {
    assess_passphrase: assess,
    create_vault: () => ({ recovery_key: 'ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567' }),
    app_status: () => status({ state: 'unlocked', recovery_key_confirmed: false }),
  });
});

describe('first run', () => {
  it('explains the passphrase and the recovery key, and focuses the first field', () => {
    render(FirstRun);
    expect(screen.getByText(/nobody can recover or reset it/)).toBeInTheDocument();
    expect(screen.getByLabelText('Passphrase')).toHaveFocus();
  });

  it('keeps "Create vault" disabled until the passphrase is acceptable and confirmed', async () => {
    render(FirstRun);
    const create = screen.getByRole('button', { name: 'Create vault' });
    expect(create).toBeDisabled();

    await type('Passphrase', 'short one');
    await type('Confirm passphrase', 'short one');
    expect(await screen.findByText('Weak')).toBeInTheDocument();
    expect(screen.getByText('Too short.')).toBeInTheDocument();
    expect(create).toBeDisabled();

    await type('Passphrase', STRONG);
    expect(await screen.findByText('Very strong')).toBeInTheDocument();
    // Strong, but the confirmation no longer matches.
    expect(create).toBeDisabled();
    expect(screen.getByText('The passphrases do not match.')).toBeInTheDocument();

    await type('Confirm passphrase', STRONG);
    await waitFor(() => expect(create).toBeEnabled());
    expect(screen.queryByText('The passphrases do not match.')).toBeNull();
  });

  it('shows the mismatch under the confirm field and links it to that field', async () => {
    render(FirstRun);
    await type('Passphrase', STRONG);
    await type('Confirm passphrase', 'lantern orchard violet');
    const message = screen.getByText('The passphrases do not match.');
    expect(message).toHaveAttribute('role', 'alert');
    const confirm = screen.getByLabelText('Confirm passphrase');
    expect(confirm.getAttribute('aria-describedby')).toContain(message.id);
    expect(confirm).toHaveAttribute('aria-invalid', 'true');
  });

  it('waits with the mismatch while the confirmation is still a correct beginning', async () => {
    render(FirstRun);
    await type('Passphrase', STRONG);
    await type('Confirm passphrase', 'lantern orch');
    expect(screen.queryByText('The passphrases do not match.')).toBeNull();
    await fireEvent.blur(screen.getByLabelText('Confirm passphrase'));
    expect(screen.getByText('The passphrases do not match.')).toBeInTheDocument();
  });

  it('creates the vault and moves on to the recovery key', async () => {
    render(FirstRun);
    await type('Passphrase', STRONG);
    await type('Confirm passphrase', STRONG);
    const create = screen.getByRole('button', { name: 'Create vault' });
    await waitFor(() => expect(create).toBeEnabled());
    await fireEvent.click(create);
    await waitFor(() => expect(app.screen).toBe('recovery-key'));
    expect(invokeMock).toHaveBeenCalledWith('create_vault', { passphrase: STRONG });
    expect(app.pendingRecoveryKey?.key).toBe('ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567');
  });

  it('shows a field error from the core next to the field and keeps the text', async () => {
    routeInvoke(invokeMock, {
      assess_passphrase: assess,
      create_vault: () => {
        throw { code: 'invalid', message: 'This is similar to a commonly used password.', field: 'passphrase' };
      },
    });
    render(FirstRun);
    await type('Passphrase', STRONG);
    await type('Confirm passphrase', STRONG);
    const create = screen.getByRole('button', { name: 'Create vault' });
    await waitFor(() => expect(create).toBeEnabled());
    await fireEvent.click(create);
    const message = await screen.findByText('This is similar to a commonly used password.');
    expect(message).toHaveAttribute('role', 'alert');
    const field = screen.getByLabelText('Passphrase') as HTMLInputElement;
    expect(field.value).toBe(STRONG);
    expect(field.getAttribute('aria-describedby')).toContain(message.id);
  });
});
