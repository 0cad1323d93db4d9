import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const { invoke } = vi.hoisted(() => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import type { FollowUpPrompt } from '../../../lib/bindings/FollowUpPrompt';
import { CLIENT_ID } from '../../../test/fixtures/record';
import { ipcError, routeInvoke } from '../../../test/ipc';
import FollowUpPrompts from './FollowUpPrompts.svelte';

const invokeMock = vi.mocked(invoke);

function prompt(fields: Partial<FollowUpPrompt> = {}): FollowUpPrompt {
  return {
    worksheet_id: 900,
    kind: 'communication_analysis',
    person_name: 'Tom Jensen',
    day: '2026-02-13',
    subject: 'I was worried when I did not hear from you.',
    follow_up_from: null,
    follow_up: null,
    ...fields,
  };
}

beforeEach(() => {
  invokeMock.mockReset();
});

describe('follow-up prompts in a note', () => {
  it('asks about the person with the words chosen, and records the answer in this session', async () => {
    const sent: Record<string, unknown>[] = [];
    routeInvoke(invokeMock, {
      record_worksheet_follow_up: (args) => {
        sent.push(args);
        return {
          follow_up: {
            text: 'He listened.',
            dismissed: null,
            session_id: 108,
            recorded_at: '2026-02-20T10:30:00Z',
          },
        };
      },
    });
    render(FollowUpPrompts, { clientId: CLIENT_ID, sessionId: 108, prompts: [prompt()] });
    expect(screen.getByText('Did the client try saying it differently to Tom Jensen? How did it go?')).toBeInTheDocument();
    expect(screen.getByText('“I was worried when I did not hear from you.”')).toBeInTheDocument();
    await fireEvent.input(screen.getByLabelText('What happened'), { target: { value: ' He listened. ' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Record' }));
    expect(await screen.findByText('He listened.')).toBeInTheDocument();
    expect(sent[0]).toEqual({
      clientId: CLIENT_ID,
      worksheetId: 900,
      followUp: { text: 'He listened.', dismissed: null, session_id: 108 },
    });
  });

  it('needs a reason to dismiss, and keeps the reason typed when the core refuses', async () => {
    routeInvoke(invokeMock, {
      record_worksheet_follow_up: () => {
        throw ipcError('invalid', 'This is too long.', 'dismissed');
      },
    });
    render(FollowUpPrompts, { clientId: CLIENT_ID, sessionId: 108, prompts: [prompt({ kind: 'role_play' })] });
    expect(screen.getByText(/Did the real conversation with Tom Jensen happen/)).toBeInTheDocument();
    await fireEvent.click(screen.getByLabelText('Dismiss with a reason'));
    await fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(await screen.findByText('Say why it will not be followed up.')).toBeInTheDocument();
    expect(invokeMock).not.toHaveBeenCalled();
    const reason = screen.getByLabelText('Why it will not be followed up') as HTMLInputElement;
    await fireEvent.input(reason, { target: { value: 'They no longer speak' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(await screen.findByText('This is too long.')).toBeInTheDocument();
    expect(reason.value).toBe('They no longer speak');
  });

  it('shows one already recorded in this session as done', () => {
    const done = prompt({
      follow_up: { text: null, dismissed: 'Moved away', session_id: 108, recorded_at: '2026-02-20T10:30:00Z' },
    });
    render(FollowUpPrompts, { clientId: CLIENT_ID, sessionId: 108, prompts: [done] });
    expect(screen.getByText('Moved away')).toBeInTheDocument();
    expect(screen.queryByLabelText('What happened')).toBeNull();
  });

  it('shows nothing when nothing is waiting', () => {
    const { container } = render(FollowUpPrompts, { clientId: CLIENT_ID, sessionId: 108, prompts: [] });
    expect(container.textContent?.trim()).toBe('');
  });
});
