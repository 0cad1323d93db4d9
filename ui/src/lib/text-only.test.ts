// Record and user text must always be rendered as text, never parsed as markup.
import { render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// Stand-ins for the Tauri bridge, created before the modules that use them are loaded.
const { invoke } = vi.hoisted(() => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import { resetApp, status } from '../test/ipc';
import PasswordField from './components/PasswordField.svelte';
import StrengthMeter from './components/StrengthMeter.svelte';
import { app } from './state.svelte';
import VaultProblem from '../views/problem/VaultProblem.svelte';

const PAYLOAD = '<img src=x onerror=alert(1)>';

beforeEach(() => resetApp(app));

describe('untrusted text', () => {
  it('shows a problem message as text, not as an element', () => {
    app.setStatus(
      status({
        state: 'unavailable',
        problem: { code: 'damaged', message: PAYLOAD, field: null },
        vault_dir: `/tmp/${PAYLOAD}`,
      }),
    );
    const { container } = render(VaultProblem);
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByText(PAYLOAD)).toBeInTheDocument();
    expect(screen.getByText(`/tmp/${PAYLOAD}`)).toBeInTheDocument();
  });

  it('shows field errors and strength advice as text', () => {
    const field = render(PasswordField, { id: 'p', label: 'Passphrase', error: PAYLOAD });
    const meter = render(StrengthMeter, {
      id: 'm',
      strength: { score: 0, acceptable: false, problem: PAYLOAD },
    });
    for (const { container } of [field, meter]) {
      expect(container.querySelector('img')).toBeNull();
      expect(container.textContent).toContain(PAYLOAD);
    }
  });
});
