import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

// Stand-ins for the Tauri bridge, created before the modules that use them are loaded.
const { invoke } = vi.hoisted(() => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import type { Settings as SettingsValue } from '../../lib/bindings/Settings';
import { loadRater } from '../../lib/passphrase';
import { app } from '../../lib/state.svelte';
import { ipcError, resetApp, routeInvoke, settings, status } from '../../test/ipc';
import { backupEntry, sampleOverview } from '../../test/fixtures/backups';
import Settings from './Settings.svelte';

const invokeMock = vi.mocked(invoke);
const STRONG = 'harbour thistle quiet lamp';

// The passphrase is rated in the window; load the rating once, before the first form opens.
beforeAll(async () => {
  await loadRater();
}, 30_000);

function section(name: string) {
  return within(screen.getByRole('region', { name }));
}

beforeEach(() => {
  invokeMock.mockReset();
  resetApp(app);
  app.setStatus(status({ state: 'unlocked' }));
});

describe('settings', () => {
  it('keeps the typed minutes and shows the core’s error next to the field', async () => {
    routeInvoke(invokeMock, {
      get_settings: () => settings(),
      set_auto_lock_minutes: () => {
        throw ipcError('invalid', 'Choose between 1 and 30 minutes.', 'auto_lock_minutes');
      },
    });
    render(Settings);
    const field = (await screen.findByLabelText(
      'Lock after this many minutes without activity',
    )) as HTMLInputElement;
    expect(field).toHaveFocus();
    await fireEvent.input(field, { target: { value: '45' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    const message = await screen.findByText('Choose between 1 and 30 minutes.');
    expect(message).toHaveAttribute('role', 'alert');
    expect(field.getAttribute('aria-describedby')).toContain(message.id);
    expect(field.value).toBe('45');
    expect(invokeMock).toHaveBeenCalledWith('set_auto_lock_minutes', { minutes: 45 });
  });

  it('says "Saved." after saving the minutes', async () => {
    routeInvoke(invokeMock, {
      get_settings: () => settings(),
      set_auto_lock_minutes: ({ minutes }) => settings({ auto_lock_minutes: minutes as number }),
    });
    render(Settings);
    const field = await screen.findByLabelText('Lock after this many minutes without activity');
    await fireEvent.input(field, { target: { value: '12' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Saved.')).toBeInTheDocument();
    expect(app.settings?.auto_lock_minutes).toBe(12);
    expect(app.status?.auto_lock_minutes).toBe(12);
  });

  it('changes the passphrase and clears every passphrase field', async () => {
    routeInvoke(invokeMock, {
      get_settings: () => settings(),
      change_passphrase: () => null,
    });
    render(Settings);
    await screen.findByRole('region', { name: 'Passphrase' });
    const form = section('Passphrase');
    const current = form.getByLabelText('Current passphrase') as HTMLInputElement;
    const next = form.getByLabelText('New passphrase') as HTMLInputElement;
    const confirm = form.getByLabelText('Confirm new passphrase') as HTMLInputElement;
    await fireEvent.input(current, { target: { value: 'old words' } });
    await fireEvent.input(next, { target: { value: STRONG } });
    await fireEvent.input(confirm, { target: { value: STRONG } });
    const change = form.getByRole('button', { name: 'Change passphrase' });
    await waitFor(() => expect(change).toBeEnabled());
    await fireEvent.click(change);
    expect(await form.findByText('Passphrase changed.')).toBeInTheDocument();
    expect(invokeMock).toHaveBeenCalledWith('change_passphrase', {
      currentPassphrase: 'old words',
      newPassphrase: STRONG,
    });
    expect([current.value, next.value, confirm.value]).toEqual(['', '', '']);
  });

  it('puts a wrong current passphrase next to that field and keeps the new one', async () => {
    routeInvoke(invokeMock, {
      get_settings: () => settings(),
      change_passphrase: () => {
        throw ipcError('invalid', "This is not the vault's current passphrase.", 'current_passphrase');
      },
    });
    render(Settings);
    await screen.findByRole('region', { name: 'Passphrase' });
    const form = section('Passphrase');
    await fireEvent.input(form.getByLabelText('Current passphrase'), { target: { value: 'old' } });
    await fireEvent.input(form.getByLabelText('New passphrase'), { target: { value: STRONG } });
    await fireEvent.input(form.getByLabelText('Confirm new passphrase'), { target: { value: STRONG } });
    const change = form.getByRole('button', { name: 'Change passphrase' });
    await waitFor(() => expect(change).toBeEnabled());
    await fireEvent.click(change);
    const message = await form.findByText("This is not the vault's current passphrase.");
    expect(form.getByLabelText('Current passphrase').getAttribute('aria-describedby')).toContain(
      message.id,
    );
    expect((form.getByLabelText('New passphrase') as HTMLInputElement).value).toBe(STRONG);
  });

  it('keeps the new passphrase when the core refuses it, and says why next to it', async () => {
    const refusal = 'Make it harder to guess: names are among the first things tried.';
    routeInvoke(invokeMock, {
      get_settings: () => settings(),
      change_passphrase: () => {
        throw ipcError('invalid', refusal, 'new_passphrase');
      },
    });
    render(Settings);
    await screen.findByRole('region', { name: 'Passphrase' });
    const form = section('Passphrase');
    await fireEvent.input(form.getByLabelText('Current passphrase'), { target: { value: 'old' } });
    await fireEvent.input(form.getByLabelText('New passphrase'), { target: { value: STRONG } });
    await fireEvent.input(form.getByLabelText('Confirm new passphrase'), { target: { value: STRONG } });
    const change = form.getByRole('button', { name: 'Change passphrase' });
    await waitFor(() => expect(change).toBeEnabled());
    await fireEvent.click(change);
    const message = await form.findByText(refusal);
    const next = form.getByLabelText('New passphrase') as HTMLInputElement;
    expect(next.getAttribute('aria-describedby')).toContain(message.id);
    await waitFor(() => expect(next).toHaveFocus());
    expect(next.value).toBe(STRONG);
    expect((form.getByLabelText('Confirm new passphrase') as HTMLInputElement).value).toBe(STRONG);
    expect((form.getByLabelText('Current passphrase') as HTMLInputElement).value).toBe('old');
  });

  it('creates a new recovery key and shows it', async () => {
    routeInvoke(invokeMock, {
      get_settings: () => settings(),
      regenerate_recovery_key: () => ({ recovery_key: 'WXYZ-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567' }),
    });
    render(Settings);
    await screen.findByRole('region', { name: 'Recovery key' });
    const form = section('Recovery key');
    await fireEvent.input(form.getByLabelText('Current passphrase'), { target: { value: 'mine' } });
    await fireEvent.click(form.getByRole('button', { name: 'Create a new recovery key' }));
    await waitFor(() => expect(app.screen).toBe('recovery-key'));
    expect(app.pendingRecoveryKey).toMatchObject({
      key: 'WXYZ-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567',
      replaces: 'recovery_key',
    });
  });

  it('changes the encryption key, then offers to delete the backups under the earlier key', async () => {
    const older = backupEntry({ id: 7, earlier_key: true });
    const fresh = backupEntry({ id: 8 });
    const deleted: unknown[] = [];
    routeInvoke(invokeMock, {
      get_settings: () => settings(),
      change_encryption_key: () => ({
        recovery_key: { recovery_key: 'NEWK-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567' },
        fresh_backups: [{ folder: fresh.folder, backup: fresh, error: null }],
        older_backups: [older],
      }),
      delete_older_backups: ({ ids }) => {
        deleted.push(ids);
        return sampleOverview();
      },
    });
    render(Settings);
    await screen.findByRole('region', { name: 'Encryption key' });
    const form = section('Encryption key');
    expect(form.getByText('The vault has kept the encryption key it was created with.')).toBeInTheDocument();
    await fireEvent.input(form.getByLabelText('Current passphrase'), { target: { value: 'mine' } });
    await fireEvent.click(form.getByRole('button', { name: 'Change the encryption key' }));
    await waitFor(() => expect(app.screen).toBe('recovery-key'));
    expect(app.pendingRecoveryKey).toMatchObject({ replaces: 'encryption_key' });
    expect((form.getByLabelText('Current passphrase') as HTMLInputElement).value).toBe('');

    // Once the new key is stored, Settings shows what happened.
    app.pendingRecoveryKey = null;
    const result = within(await screen.findByRole('region', { name: 'After the change of key' }));
    expect(result.getByText('Made and verified')).toBeInTheDocument();
    expect(result.getByText(older.path, { exact: false })).toBeInTheDocument();
    await fireEvent.click(result.getByRole('button', { name: 'Delete 1 older backup…' }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Delete them' }));
    expect(await result.findByText('Deleted 1 older backup.')).toBeInTheDocument();
    expect(deleted).toEqual([[7]]);
  });

  it('keeps the current passphrase field and says so when it is wrong for a change of key', async () => {
    routeInvoke(invokeMock, {
      get_settings: () => settings({ key_changed_at: '2026-02-01T10:00:00Z' }),
      change_encryption_key: () => {
        throw ipcError('invalid', "This is not the vault's current passphrase.", 'current_passphrase');
      },
    });
    render(Settings);
    await screen.findByRole('region', { name: 'Encryption key' });
    const form = section('Encryption key');
    expect(form.getByText(/The encryption key was last changed on/)).toBeInTheDocument();
    await fireEvent.input(form.getByLabelText('Current passphrase'), { target: { value: 'not it' } });
    await fireEvent.click(form.getByRole('button', { name: 'Change the encryption key' }));
    expect(await form.findByText("This is not the vault's current passphrase.")).toBeInTheDocument();
    expect(app.screen).not.toBe('recovery-key');
  });

  it('shows the version and the vault folder', async () => {
    routeInvoke(invokeMock, {
      get_settings: () => settings(),
    });
    render(Settings);
    await screen.findByRole('region', { name: 'About' });
    const about = section('About');
    expect(about.getByText('0.1.0')).toBeInTheDocument();
    expect(about.getByText('/home/therapist/.local/share/rapport/vault')).toBeInTheDocument();
  });

  it('saves the days after which an unsigned note is marked as waiting', async () => {
    routeInvoke(invokeMock, {
      get_settings: () => settings(),
      set_unsigned_note_days: ({ days }) => settings({ unsigned_note_days: days as number }),
    });
    render(Settings);
    await screen.findByRole('region', { name: 'Unsigned notes' });
    const form = section('Unsigned notes');
    const field = form.getByLabelText(
      'Mark unsigned notes as waiting after this many days',
    ) as HTMLInputElement;
    expect(field.value).toBe('3');
    await fireEvent.input(field, { target: { value: '7' } });
    await fireEvent.click(form.getByRole('button', { name: /^Save/ }));
    expect(await form.findByText('Saved.')).toBeInTheDocument();
    expect(invokeMock).toHaveBeenCalledWith('set_unsigned_note_days', { days: 7 });
    expect(app.settings?.unsigned_note_days).toBe(7);
    // The auto-lock form was not saved along with it.
    expect(invokeMock).not.toHaveBeenCalledWith('set_auto_lock_minutes', expect.anything());
  });

  it('shows a refused number of days next to the field and keeps it', async () => {
    routeInvoke(invokeMock, {
      get_settings: () => settings(),
      set_unsigned_note_days: () => {
        throw ipcError('invalid', 'Choose between 1 and 60 days.', 'unsigned_note_days');
      },
    });
    render(Settings);
    await screen.findByRole('region', { name: 'Unsigned notes' });
    const form = section('Unsigned notes');
    const field = form.getByLabelText(
      'Mark unsigned notes as waiting after this many days',
    ) as HTMLInputElement;
    await fireEvent.input(field, { target: { value: '90' } });
    await fireEvent.click(form.getByRole('button', { name: /^Save/ }));
    const message = await form.findByText('Choose between 1 and 60 days.');
    expect(message).toHaveAttribute('role', 'alert');
    expect(field.getAttribute('aria-describedby')).toContain(message.id);
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(field).toHaveFocus();
    expect(field.value).toBe('90');
    expect(form.queryByText('Saved.')).toBeNull();
  });

  it('saves the paper and the names printed on documents', async () => {
    routeInvoke(invokeMock, {
      get_settings: () => settings(),
      set_document_settings: ({ documents }) => settings({ documents: documents as SettingsValue['documents'] }),
    });
    render(Settings);
    await screen.findByRole('region', { name: 'Documents' });
    const form = section('Documents');
    expect(form.getByRole('group', { name: 'Paper size' })).toBeInTheDocument();
    expect(form.getByLabelText('A4')).toBeChecked();
    await fireEvent.click(form.getByLabelText('US Letter'));
    await fireEvent.input(form.getByLabelText('Your name, as printed on signature lines'), {
      target: { value: 'Dr Ana Silva' },
    });
    await fireEvent.click(form.getByRole('button', { name: 'Save document settings' }));
    expect(await form.findByText('Saved.')).toBeInTheDocument();
    expect(invokeMock).toHaveBeenCalledWith('set_document_settings', {
      documents: { paper: 'letter', clinician_name: 'Dr Ana Silva', practice_name: null },
    });
    expect(app.settings?.documents).toEqual({ paper: 'letter', clinician_name: 'Dr Ana Silva', practice_name: null });
  });

  it('shows a refused name next to its field and keeps what was typed', async () => {
    routeInvoke(invokeMock, {
      get_settings: () => settings({ documents: { paper: 'a4', clinician_name: 'Dr Ana Silva', practice_name: null } }),
      set_document_settings: () => {
        throw ipcError('invalid', 'Keep this to 200 characters or fewer.', 'practice_name');
      },
    });
    render(Settings);
    await screen.findByRole('region', { name: 'Documents' });
    const form = section('Documents');
    const name = form.getByLabelText('Your name, as printed on signature lines') as HTMLInputElement;
    expect(name.value).toBe('Dr Ana Silva');
    const practice = form.getByLabelText('Practice name, for page headers') as HTMLInputElement;
    await fireEvent.input(practice, { target: { value: 'x'.repeat(201) } });
    await fireEvent.click(form.getByRole('button', { name: 'Save document settings' }));
    const message = await form.findByText('Keep this to 200 characters or fewer.');
    expect(message).toHaveAttribute('role', 'alert');
    expect(practice.getAttribute('aria-describedby')).toContain(message.id);
    expect(practice).toHaveFocus();
    expect(practice.value).toBe('x'.repeat(201));
  });

  it('asks for a number before sending an empty field', async () => {
    routeInvoke(invokeMock, {
      get_settings: () => settings(),
    });
    render(Settings);
    await screen.findByRole('region', { name: 'Unsigned notes' });
    const form = section('Unsigned notes');
    const field = form.getByLabelText('Mark unsigned notes as waiting after this many days');
    await fireEvent.input(field, { target: { value: '' } });
    await fireEvent.click(form.getByRole('button', { name: /^Save/ }));
    expect(form.getByText('Enter a whole number of days, from 1 to 60.')).toBeInTheDocument();
    expect(invokeMock).not.toHaveBeenCalledWith('set_unsigned_note_days', expect.anything());
  });
});
